import HavenCore

/// Empties the trash: tickets deleted more than `days` ago are removed for good (conversations, tags and word
/// tokens with them), in batches, each ticket with its `ticket.purged` audit entry in the batch's transaction; so are
/// companies in "Deleted companies" (`company.purged`). A record restored meanwhile is not touched: every batch
/// re-reads what is still due inside its transaction.
public struct TrashPurge: Sendable {
    public static let jobName = "trash_purge"
    static let batchSize = 100
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Returns how many tickets and companies were purged, over every tenant.
    @discardableResult
    public func run(days: Int64) async throws -> Int {
        let now = self.store.clock.now()
        let cutoff = now.adding(seconds: -days * 86_400)
        let tenants = try await self.store.read { sql in try await self.store.tenants.all(on: sql) }
        var purged = 0
        for tenant in tenants {
            while true {
                let count = try await self.store.write { sql -> Int in
                    let due = try await self.store.tickets.trashed(tenant.id, before: cutoff, limit: Self.batchSize, on: sql)
                    for id in due {
                        guard let ticket = try await self.store.tickets.find(tenant.id, id, on: sql) else { continue }
                        try await self.store.tickets.purge(tenant.id, id, on: sql)
                        try await self.store.audit.record(
                            AuditEvent(
                                tenant: tenant.id, occurredAt: now, actor: .system(Self.jobName), action: "ticket.purged",
                                targetType: "ticket", targetID: id.description,
                                details: ["trashed_at": .optional(ticket.deletedAt), "kept_days": .int(days)]),
                            on: sql)
                    }
                    return due.count
                }
                purged += count
                if count < Self.batchSize { break }
            }
            while true {
                let count = try await self.store.write { sql -> Int in
                    let due = try await self.store.companies.trashed(tenant.id, before: cutoff, limit: Self.batchSize, on: sql)
                    for id in due {
                        guard let company = try await self.store.companies.find(tenant.id, id, on: .trash, sql: sql) else { continue }
                        try await self.store.companies.delete(tenant.id, id, on: sql)
                        try await self.store.audit.record(
                            AuditEvent(
                                tenant: tenant.id, occurredAt: now, actor: .system(Self.jobName), action: "company.purged",
                                targetType: "company", targetID: id.description,
                                details: ["trashed_at": .optional(company.deletedAt), "kept_days": .int(days)]),
                            on: sql)
                    }
                    return due.count
                }
                purged += count
                if count < Self.batchSize { break }
            }
        }
        return purged
    }
}
