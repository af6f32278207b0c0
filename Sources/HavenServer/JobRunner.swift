public import HavenCore
public import HavenStore
public import Logging
public import ServiceLifecycle

/// Runs queued background jobs (bulk delete, re-encryption after a key rotation, contact exports) as a service of the application's `ServiceGroup`: it drains the queue
/// at start (jobs left by a previous run resume) and whenever a request queues one, and stops on graceful shutdown.
/// A failing job is marked FAILED with its reason, and the runner goes on with the next.
public struct JobRunner: Service {
    let store: Store
    let notifier: JobNotifier
    let logger: Logger
    /// Runs in an export's last transaction (the mail to the agent who asked), and what to wake after it.
    let exportReady: ExportJob.ReadyHook?
    /// How long export files are kept.
    let exportLifetimeSeconds: Int64
    let afterExport: @Sendable () -> Void
    /// Jobs of the use cases above the store, by name (data-subject packages).
    let handlers: [String: @Sendable (Job) async throws -> Void]
    /// Where each job's outcome is counted (`haven_job_runs_total`, by job type).
    var metrics: OperatorMetrics?

    public init(
        store: Store, notifier: JobNotifier, logger: Logger, exportLifetimeSeconds: Int64 = ExportJob.defaultLifetimeSeconds,
        exportReady: ExportJob.ReadyHook? = nil,
        afterExport: @escaping @Sendable () -> Void = {}, handlers: [String: @Sendable (Job) async throws -> Void] = [:]
    ) {
        self.store = store
        self.notifier = notifier
        self.logger = logger
        self.exportReady = exportReady
        self.exportLifetimeSeconds = exportLifetimeSeconds
        self.afterExport = afterExport
        self.handlers = handlers
    }

    public func run() async throws {
        await self.drainLogging()
        for await _ in self.notifier.signals.cancelOnGracefulShutdown() {
            await self.drainLogging()
        }
    }

    /// A storage failure while draining is logged and retried at the next wake-up: a service that throws would stop
    /// the whole ServiceGroup, API listeners included.
    private func drainLogging() async {
        do {
            try await self.drain()
        } catch {
            self.logger.error("job queue could not be drained; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
        }
    }

    func drain() async throws {
        while !Task.isCancelled {
            let pending = try await self.store.read { sql in
                try await self.store.jobs.pending(limit: 10, now: self.store.clock.now(), on: sql)
            }
            guard !pending.isEmpty else { return }
            for job in pending {
                guard try await self.claim(job) else { continue }
                do {
                    try await self.holdingClaim(on: job) { try await self.run(job) }
                    self.metrics?.jobRun(job.name, outcome: "done")
                } catch {
                    self.metrics?.jobRun(job.name, outcome: "failed")
                    self.logger.error("job failed", metadata: ["job": .string(job.id), "type": .string(job.name)])
                    var failed = job
                    let now = self.store.clock.now()
                    failed.status = .failed
                    failed.result = JSONObject([("error", .string((error as? HavenError)?.message ?? "internal error"))])
                    failed.updatedAt = now
                    failed.statusUpdatedAt = now
                    try await self.store.write { sql in try await self.store.jobs.update(failed, on: sql) }
                }
            }
        }
    }

    private func run(_ job: Job) async throws {
        switch job.name {
        case BulkDeleteJob.name:
            try await BulkDeleteJob(store: self.store).run(job)
        case KeyRotationJob.name:
            try await KeyRotationJob(store: self.store).run(job)
        case _ where self.handlers[job.name] != nil:
            try await self.handlers[job.name]?(job)
            self.afterExport()
        case _ where ExportKind(jobName: job.name) != nil:
            try await ExportJob(store: self.store, lifetimeSeconds: self.exportLifetimeSeconds, onReady: self.exportReady).run(job)
            self.afterExport()
        default:
            throw HavenError.internalFailure("unknown job type \(job.name)")
        }
    }

    /// Several nodes drain one queue: a job runs on the node whose claim on it succeeds (false: another node runs it).
    private func claim(_ job: Job) async throws -> Bool {
        let now = self.store.clock.now()
        return try await self.store.write { sql in
            try await self.store.jobs.claim(
                job, owner: self.store.node, until: now.adding(seconds: Self.claimSeconds), now: now, on: sql)
        }
    }

    /// How long a claim lasts unrenewed: a node that dies mid-job leaves it to another node after this long.
    static let claimSeconds: Int64 = 60

    /// Runs `work`, renewing the job's claim every third of its lifetime until the work ends.
    private func holdingClaim(on job: Job, _ work: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(Self.claimSeconds / 3))
                    guard !Task.isCancelled else { return }
                    _ = try? await self.claim(job)
                }
            }
            defer { group.cancelAll() }
            try await work()
        }
    }
}
