import HavenCore
import HavenStore
import Logging
import ServiceLifecycle

/// A job of the ServiceGroup that runs at start and then every `interval` until shutdown: a failing round is logged
/// (redacted) and the next round retries, because a service that throws would stop the whole group, API listeners
/// included. `finally` runs once after shutdown (a last flush). With a `lease`, each round runs only on the node that
/// takes it (`oneNodeAtATime`): jobs that act on shared rows never run twice at once when several nodes serve.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let round: @Sendable () async throws -> Void
    var finally: (@Sendable () async throws -> Void)? = nil
    var lease: ClusterLease? = nil
    /// Where each round's outcome is counted (`haven_job_runs_total`).
    var metrics: OperatorMetrics? = nil

    /// The same job, each round under its lease (see `ClusterLease`) — on PostgreSQL, where several nodes may run
    /// it; a SQLite database has one server.
    func oneNodeAtATime(_ store: Store) -> PeriodicService {
        guard store.database.dialect == .postgres else { return self }
        var leased = self
        leased.lease = ClusterLease(store: store, name: self.name)
        return leased
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let outcome = await self.attempt {
                    guard let lease = self.lease else { return try await self.round() }
                    if try await !lease.run(self.round) { throw Skipped() }
                }
                self.metrics?.jobRun(self.name, outcome: outcome)
                try? await Task.sleep(for: self.interval)
            }
        }
        if let finally = self.finally { _ = await self.attempt(finally) }
    }

    /// A round another node ran (it held the lease).
    private struct Skipped: Error {}

    /// Runs one round; returns its outcome for the metrics (`done`, `skipped` or `failed`).
    private func attempt(_ body: @Sendable () async throws -> Void) async -> String {
        do {
            try await body()
            return "done"
        } catch is Skipped {
            return "skipped"
        } catch {
            self.logger.warning("\(self.name) failed; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
            return "failed"
        }
    }
}
