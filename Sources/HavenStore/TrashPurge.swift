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
            let batch = Batch(store: self.store, tenant: tenant.id, now: now, days: days)
            purged += try await batch.empty("ticket") { sql in
                try await self.store.tickets.trashed(tenant.id, before: cutoff, limit: Self.batchSize, on: sql).map(\.rawValue)
            } purge: { id, sql in
                guard let ticket = try await self.store.tickets.find(tenant.id, TicketID(id), on: sql) else { return nil }
                try await self.store.tickets.purge(tenant.id, ticket.id, on: sql)
                return .optional(ticket.deletedAt)
            }
            purged += try await batch.empty("company") { sql in
                try await self.store.companies.trashed(tenant.id, before: cutoff, limit: Self.batchSize, on: sql).map(\.rawValue)
            } purge: { id, sql in
                guard let company = try await self.store.companies.find(tenant.id, CompanyID(id), on: .trash, sql: sql) else { return nil }
                try await self.store.companies.delete(tenant.id, company.id, on: sql)
                return .optional(company.deletedAt)
            }
        }
        return purged
    }

    /// One tenant's purge of one kind of record.
    struct Batch {
        let store: Store
        let tenant: TenantID
        let now: Timestamp
        let days: Int64

        /// Purges what `due` names, a batch per transaction, until a batch comes short. `purge` removes one record and
        /// answers when it had been trashed (nil: restored or gone meanwhile, skipped); each is a `<type>.purged` entry.
        func empty(
            _ type: String, due: @escaping (SQLExecutor) async throws -> [Int64],
            purge: @escaping (Int64, SQLExecutor) async throws -> JSONValue?
        ) async throws -> Int {
            var purged = 0
            while true {
                let count = try await self.store.write { sql -> Int in
                    let ids = try await due(sql)
                    for id in ids {
                        guard let trashedAt = try await purge(id, sql) else { continue }
                        try await self.store.audit.record(
                            AuditEvent(
                                tenant: self.tenant, occurredAt: self.now, actor: .system(TrashPurge.jobName), action: "\(type).purged",
                                targetType: type, targetID: String(id), details: ["trashed_at": trashedAt, "kept_days": .int(self.days)]),
                            on: sql)
                    }
                    return ids.count
                }
                purged += count
                if count < TrashPurge.batchSize { return purged }
            }
        }
    }
}
