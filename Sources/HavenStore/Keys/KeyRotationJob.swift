public import HavenCore
import Synchronization

/// Re-seals a tenant's data after its data key was rotated from the console, as a background job whose progress the
/// admin's page (and `GET /jobs/{id}`) shows. The rotation itself happened in the request; this is the long part.
public struct KeyRotationJob: Sendable {
    public static let name = "key_rotation"

    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func run(_ queued: Job) async throws {
        var job = queued
        job.status = .inProgress
        job.statusUpdatedAt = self.store.clock.now()
        job.updatedAt = job.statusUpdatedAt
        try await self.store.write { sql in try await self.store.jobs.update(job, on: sql) }
        // Progress is written at most once per five percent: the callback comes for every batch.
        let reported = Mutex<Int64>(0)
        let started = job
        let updates = AsyncStream<Int64>.makeStream()
        let writer = Task {
            for await percent in updates.stream {
                var progress = started
                progress.progress = percent
                progress.updatedAt = self.store.clock.now()
                try? await self.store.write { sql in try await self.store.jobs.update(progress, on: sql) }
            }
        }
        let result = try await KeyRotationRun(store: self.store, tenant: job.tenantID).run { done, total in
            let percent = Int64(min(99, done * 100 / max(1, total)))
            let due = reported.withLock { last in
                guard percent >= last + 5 else { return false }
                last = percent
                return true
            }
            if due { updates.continuation.yield(percent) }
        }
        updates.continuation.finish()
        await writer.value
        let now = self.store.clock.now()
        job.status = result.remaining == 0 ? .completed : .failed
        job.progress = 100
        job.result = JSONObject([
            ("resealed", .int(Int64(result.resealed))), ("unreadable_skipped", .int(Int64(result.skipped))),
            ("remaining", .int(Int64(result.remaining))),
        ])
        job.updatedAt = now
        job.statusUpdatedAt = now
        try await self.store.write { sql in try await self.store.jobs.update(job, on: sql) }
    }
}
