public import HavenCore

/// The blind-index token tables in the index file (`idx`). Each maps a tenant's token to the rows whose value
/// produced it; a token is only ever a candidate, so every caller checks the decrypted value.
public enum IndexTokens {
    public enum Table: String, Sendable, CaseIterable {
        case email = "email_tokens"
        case phone = "phone_tokens"
        case namePrefix = "name_prefix_tokens"
        case companyName = "company_name_tokens"
        case ticketTerms = "ticket_terms"

        var tokenColumn: String { self == .ticketTerms ? "term" : "token" }
        var ownerColumn: String {
            switch self {
            case .email, .phone, .namePrefix: return "user_id"
            case .companyName: return "company_id"
            case .ticketTerms: return "ticket_id"
            }
        }
    }

    /// Adds tokens for one row in a single statement (one round trip however many words a ticket has).
    public static func insert(_ table: Table, _ tenant: TenantID, owner: Int64, tokens: Set<Int64>, on sql: SQLExecutor) async throws {
        try await self.insert(table, tenant, pairs: tokens.map { (token: $0, owner: owner) }, on: sql)
    }

    /// Adds (token, owner) pairs, 1,000 rows a statement (the term indexer writes many tickets at once).
    static func insert(_ table: Table, _ tenant: TenantID, pairs: [(token: Int64, owner: Int64)], on sql: SQLExecutor) async throws {
        for start in stride(from: 0, to: pairs.count, by: 1000) {
            var statement = SQL(
                raw: "INSERT INTO idx.\(table.rawValue) (tenant_id, \(table.tokenColumn), \(table.ownerColumn)) VALUES ")
            for (offset, pair) in pairs[start..<min(start + 1000, pairs.count)].enumerated() {
                statement.append(raw: offset == 0 ? "(" : ", (")
                statement.append(tenant: tenant)
                statement.append(raw: ", ")
                statement.append(bind: .int(pair.token))
                statement.append(raw: ", ")
                statement.append(bind: .int(pair.owner))
                statement.append(raw: ")")
            }
            // A pair already there stays (one statement form both engines take).
            statement.append(raw: " ON CONFLICT DO NOTHING")
            try await sql.execute(statement)
        }
    }

    public static func delete(_ table: Table, _ tenant: TenantID, owner: Int64, on sql: SQLExecutor) async throws {
        try await sql.execute(
            SQL(raw: "DELETE FROM idx.\(table.rawValue) WHERE tenant_id = ") + .tenant(tenant)
                + SQL(raw: " AND \(table.ownerColumn) = ") + .bind(.int(owner)))
    }

    public static func replace(_ table: Table, _ tenant: TenantID, owner: Int64, tokens: Set<Int64>, on sql: SQLExecutor) async throws {
        try await self.delete(table, tenant, owner: owner, on: sql)
        try await self.insert(table, tenant, owner: owner, tokens: tokens, on: sql)
    }

    /// Rows whose value may equal the looked-up one (a superset: truncated tokens collide on purpose).
    public static func candidates(_ table: Table, _ tenant: TenantID, token: Int64, on sql: SQLExecutor) async throws -> [Int64] {
        try await sql.all(self.candidateQuery(table, tenant, tokens: [token])).map { try $0.int("owner") }
    }

    /// `SELECT owner … WHERE token IN (…) GROUP BY owner HAVING count = n`: rows carrying every token.
    public static func candidateQuery(_ table: Table, _ tenant: TenantID, tokens: Set<Int64>) -> SQL {
        var statement = SQL(raw: "SELECT \(table.ownerColumn) AS owner FROM idx.\(table.rawValue) WHERE tenant_id = ")
        statement.append(tenant: tenant)
        statement.append(raw: " AND \(table.tokenColumn) IN ")
        statement.appendList(tokens.sorted().map { .int($0) })
        if tokens.count > 1 {
            statement.append(raw: " GROUP BY \(table.ownerColumn) HAVING count(DISTINCT \(table.tokenColumn)) = \(tokens.count)")
        }
        return statement
    }

    public static func clear(_ tenant: TenantID, on sql: SQLExecutor) async throws {
        for table in Table.allCases {
            try await sql.execute(SQL(raw: "DELETE FROM idx.\(table.rawValue) WHERE tenant_id = ") + .tenant(tenant))
        }
        try await sql.execute(SQL(raw: "DELETE FROM idx.index_state WHERE tenant_id = ") + .tenant(tenant))
    }
}
