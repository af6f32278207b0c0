public import HavenCore

/// Moves a list of tickets to the trash in batches, recording progress on the job row after each batch so
/// `GET /jobs/{id}` shows it. Ids that do not exist in the job's tenant, or are already trashed, are counted as
/// skipped; the job never touches another tenant's rows (every statement is scoped by the job's tenant).
public struct BulkDeleteJob: Sendable {
    public static let name = "bulk_delete"
    static let batchSize = 100

    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func run(_ queued: Job) async throws {
        var job = queued
        let ids = (job.payload["ids"]?.arrayValue ?? []).compactMap(\.intValue).map { TicketID($0) }
        job.status = .inProgress
        job.statusUpdatedAt = self.store.clock.now()
        job.updatedAt = job.statusUpdatedAt
        try await self.store.write { sql in try await self.store.jobs.update(job, on: sql) }
        var deleted: [TicketID] = []
        var skipped: [TicketID] = []
        var done = 0
        for start in stride(from: 0, to: ids.count, by: Self.batchSize) {
            let batch = Array(ids[start..<min(start + Self.batchSize, ids.count)])
            let now = self.store.clock.now()
            let outcome = try await self.store.write { sql -> (deleted: [TicketID], skipped: [TicketID]) in
                var deleted: [TicketID] = []
                var skipped: [TicketID] = []
                for id in batch {
                    guard var ticket = try await self.store.tickets.find(job.tenantID, id, on: sql), !ticket.deleted else {
                        skipped.append(id)
                        continue
                    }
                    let previous = ticket
                    ticket.deleted = true
                    ticket.deletedAt = now
                    ticket.updatedAt = now
                    try await self.store.tickets.update(ticket, previous: previous, on: sql)
                    try await self.store.audit.record(
                        AuditEvent(
                            tenant: job.tenantID, occurredAt: now, actor: .system(Self.name), action: "ticket.deleted",
                            targetType: "ticket", targetID: id.description,
                            details: ["job_id": .string(job.id), "requested_by": .optional(job.requestedBy)]),
                        on: sql)
                    deleted.append(id)
                }
                var progress = job
                progress.progress = Int64((start + batch.count) * 100 / max(1, ids.count))
                progress.updatedAt = now
                try await self.store.jobs.update(progress, on: sql)
                return (deleted, skipped)
            }
            deleted += outcome.deleted
            skipped += outcome.skipped
            done += batch.count
            job.progress = Int64(done * 100 / max(1, ids.count))
        }
        let now = self.store.clock.now()
        job.status = .completed
        job.progress = 100
        job.result = JSONObject([("deleted", .ids(deleted)), ("skipped", .ids(skipped))])
        job.updatedAt = now
        job.statusUpdatedAt = now
        try await self.store.write { sql in try await self.store.jobs.update(job, on: sql) }
    }
}
