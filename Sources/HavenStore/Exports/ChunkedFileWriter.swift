public import HavenCore

/// Writes a job's file as sealed chunks, recording progress with each, then its header: what exports and data-subject
/// packages share.
public struct ChunkedFileWriter: Sendable {
    let store: Store
    let job: Job
    let lifetimeSeconds: Int64

    public init(store: Store, job: Job, lifetimeSeconds: Int64 = ExportJob.defaultLifetimeSeconds) {
        self.store = store
        self.job = job
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// Marks the job in progress, drops what an earlier run left, and lets `produce` append chunks (text, and rows
    /// written so far for the progress); returns the header to store.
    public func write(
        contentType: String, filename: String, total: Int64,
        _ produce: (_ append: (String, Int64) async throws -> Void) async throws -> Int64
    ) async throws -> ExportFile {
        var job = self.job
        let started = self.store.clock.now()
        job.status = .inProgress
        job.statusUpdatedAt = started
        job.updatedAt = started
        let expiresAt = started.adding(seconds: self.lifetimeSeconds)
        try await self.store.write { sql in
            try await self.store.jobs.update(job, on: sql)
            try await self.store.exportFiles.deleteChunks(job.tenantID, jobID: job.id, on: sql)
        }
        var seq: Int64 = 0
        let rows = try await produce { text, done in
            var progress = job
            progress.progress = min(99, done * 100 / max(1, total))
            progress.updatedAt = self.store.clock.now()
            let (chunk, update, running) = (seq, progress, job)
            try await self.store.write { sql in
                try await self.store.exportFiles.appendChunk(
                    running.tenantID, jobID: running.id, seq: chunk, text, expiresAt: expiresAt, on: sql)
                try await self.store.jobs.update(update, on: sql)
            }
            seq += 1
        }
        let now = self.store.clock.now()
        return ExportFile(
            jobID: job.id, contentType: contentType, filename: filename, rows: rows,
            expiresAt: now.adding(seconds: self.lifetimeSeconds))
    }

    /// Stores the header and completes the job (its result: rows, expiry, and `result`), with `also` in the same
    /// transaction.
    public static func finish(
        store: Store, job queued: Job, file: ExportFile, result: JSONObject,
        also: @Sendable (Job, SQLExecutor) async throws -> Void
    ) async throws -> Job {
        let now = store.clock.now()
        var job = queued
        job.status = .completed
        job.progress = 100
        var outcome: JSONObject = ["rows": .int(file.rows), "expires_at": .timestamp(file.expiresAt)]
        for (key, value) in result { outcome.append(key, value) }
        job.result = outcome
        job.updatedAt = now
        job.statusUpdatedAt = now
        let completed = job
        try await store.write { sql in
            try await store.exportFiles.insert(completed.tenantID, file, at: now, on: sql)
            try await store.jobs.update(completed, on: sql)
            try await also(completed, sql)
        }
        return completed
    }
}
