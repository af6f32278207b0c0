public import HavenCore
import HavenCrypto

/// Rebuilds one tenant's blind-index tokens from the decrypted data (`haven reindex`, after a restore, since the
/// index file is kept out of backups). Batches of rows, each batch in its own write transaction.
public struct Reindexer: Sendable {
    let store: Store
    static let batchSize = 500

    public init(store: Store) {
        self.store = store
    }

    public struct Outcome: Sendable, Equatable {
        public var users = 0
        public var companies = 0
        public var tickets = 0
    }

    @discardableResult
    public func run(_ tenant: TenantID, progress: @Sendable (String, Int) -> Void = { _, _ in }) async throws -> Outcome {
        let store = self.store
        // Everything up to here is rebuilt below; later tickets are the term indexer's.
        let through = try await store.read { sql in
            try await sql.scalar(
                "SELECT coalesce(max(\(SQL(raw: TermIndexer.rowColumn(sql)))), 0) AS n FROM tickets WHERE tenant_id = \(tenant)")
        }
        try await store.write { sql in try await IndexTokens.clear(tenant, on: sql) }
        var outcome = Outcome()
        outcome.users = try await self.walk("users", tenant) { ids, sql in
            for contact in try await store.contacts.find(tenant, ids: ids.map { UserID($0) }, on: sql).values
            where contact.unreadable == nil {
                try await store.sqliteContacts.writeTokens(contact, replacing: false, on: sql)
            }
        }
        progress("users", outcome.users)
        outcome.companies = try await self.walk("companies", tenant) { ids, sql in
            let ids = ids.map { CompanyID($0) }
            // Trashed companies keep their name token: a restore finds them by name again.
            let live = try await store.companies.find(tenant, ids: ids, on: .live, sql: sql).values
            for company in try await Array(live) + store.companies.find(tenant, ids: ids, on: .trash, sql: sql).values
            where company.unreadable == nil {
                let token = try await store.keys.indexes(tenant, on: sql).companyName.token(TextNormalizer.name(company.name))
                try await IndexTokens.insert(.companyName, tenant, owner: company.id.rawValue, tokens: [token], on: sql)
            }
        }
        progress("companies", outcome.companies)
        outcome.tickets = try await self.walk("tickets", tenant) { ids, sql in
            for id in ids {
                if let ticket = try await store.tickets.find(tenant, TicketID(id), on: sql), ticket.unreadable == nil {
                    try await store.tickets.reindexTerms(ticket, on: sql)
                }
            }
        }
        try await store.write { sql in try await TermIndexer.advance(tenant, to: through, on: sql) }
        progress("tickets", outcome.tickets)
        return outcome
    }

    private func walk(_ table: String, _ tenant: TenantID, _ body: @escaping ([Int64], SQLExecutor) async throws -> Void) async throws
        -> Int
    {
        var cursor = Int64.min
        var count = 0
        while true {
            let ids = try await self.store.read { sql in
                try await sql.all(
                    SQL(raw: "SELECT id FROM \(table) WHERE tenant_id = ") + .tenant(tenant) + " AND id > "
                        + .bind(.int(cursor))
                        + SQL(raw: " ORDER BY id LIMIT \(Self.batchSize)")
                ).map { try $0.int("id") }
            }
            guard let last = ids.last else { return count }
            cursor = last
            try await self.store.write { sql in try await body(ids, sql) }
            count += ids.count
        }
    }
}
