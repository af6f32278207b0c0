public import HavenCore

/// Runs an export job: the file is written a page at a time (`ExportStream`), each page sealed under the tenant's
/// data key as a chunk in the same transaction as the job's progress, so neither memory nor any one transaction grows
/// with the export; the header, the job's result and the "ready" mail are one last transaction. Files are kept 24
/// hours unless `HAVEN_EXPORT_HOURS` says otherwise. A job interrupted by a restart starts again from nothing (its chunks are removed first).
public struct ExportJob: Sendable {
    /// How long a file is kept unless the deployment says otherwise (`HAVEN_EXPORT_HOURS`).
    public static let defaultLifetimeSeconds: Int64 = 24 * 3_600

    /// What else happens in the transaction that stores the file (the "export ready" mail).
    public typealias ReadyHook = @Sendable (Job, ExportKind, ExportFile, SQLExecutor) async throws -> Void

    let store: Store
    let lifetimeSeconds: Int64
    let onReady: ReadyHook?

    public init(store: Store, lifetimeSeconds: Int64 = ExportJob.defaultLifetimeSeconds, onReady: ReadyHook? = nil) {
        self.store = store
        self.lifetimeSeconds = lifetimeSeconds
        self.onReady = onReady
    }

    public func run(_ queued: Job) async throws {
        guard let kind = ExportKind(jobName: queued.name), kind != .package else {
            throw HavenError.internalFailure("job \(queued.name) is not an export of rows")
        }
        let spec = ExportSpec(kind: kind, payload: queued.payload)
        let stream = ExportStream(store: self.store, tenant: queued.tenantID, spec: spec)
        let file = try await ChunkedFileWriter(store: self.store, job: queued, lifetimeSeconds: self.lifetimeSeconds).write(
            contentType: spec.contentType, filename: spec.filename(at: self.store.clock.now()), total: try await stream.count()
        ) { append in
            try await stream.run { text, rows in try await append(text, rows) }
        }
        _ = try await ChunkedFileWriter.finish(
            store: self.store, job: queued, file: file, result: ["format": .string(spec.format)]
        ) { job, sql in try await self.onReady?(job, kind, file, sql) }
    }
}
