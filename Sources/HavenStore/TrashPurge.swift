import HavenCore

/// Empties the trash: tickets deleted more than `days` ago are removed for good (conversations, tags and word
/// tokens with them), in batches, each ticket with its `ticket.purged` audit entry in the batch's transaction; so are
/// companies in "Deleted companies" (`company.purged`). A record restored meanwhile is not touched: every batch
/// re-reads what is still due inside its transaction. Each batch leaves a signed receipt (`trash.purged`).
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
        let signer = try await ReceiptSigner.load(self.store)
        var purged = 0
        for tenant in tenants {
            let batches = PurgeBatches(store: self.store, tenant: tenant.id, now: now, job: Self.jobName, batchSize: Self.batchSize)
            purged += try await batches.run("ticket", action: "ticket.purged") { sql in
                try await self.store.tickets.trashed(tenant.id, before: cutoff, limit: Self.batchSize, on: sql).map(\.rawValue)
            } purge: { id, sql in
                guard let ticket = try await self.store.tickets.find(tenant.id, TicketID(id), on: sql) else { return nil }
                try await self.store.tickets.purge(tenant.id, ticket.id, on: sql)
                return ["trashed_at": .optional(ticket.deletedAt), "kept_days": .int(days)]
            } afterBatch: { ids, sql in
                try await signer.issue(
                    .trashPurged, tenant: tenant.id, deleted: [("tickets", Int64(ids.count))], at: now, store: self.store, on: sql)
            }
            purged += try await batches.run("company", action: "company.purged") { sql in
                try await self.store.companies.trashed(tenant.id, before: cutoff, limit: Self.batchSize, on: sql).map(\.rawValue)
            } purge: { id, sql in
                guard let company = try await self.store.companies.find(tenant.id, CompanyID(id), on: .trash, sql: sql) else { return nil }
                try await self.store.companies.delete(tenant.id, company.id, on: sql)
                return ["trashed_at": .optional(company.deletedAt), "kept_days": .int(days)]
            } afterBatch: { ids, sql in
                try await signer.issue(
                    .trashPurged, tenant: tenant.id, deleted: [("companies", Int64(ids.count))], at: now, store: self.store, on: sql)
            }
        }
        return purged
    }
}
