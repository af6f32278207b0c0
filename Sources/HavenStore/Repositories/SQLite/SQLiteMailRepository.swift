public import HavenCore

public struct SQLiteMailRepository: MailRepository {
    public init() {}

    public func tenant(forAddress address: String, on sql: SQLExecutor) async throws -> TenantID? {
        try await sql.first("SELECT tenant_id FROM mail_addresses WHERE address = \(address.lowercased())")
            .map { TenantID(try $0.int("tenant_id")) }
    }

    public func addresses(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [String] {
        try await sql.all("SELECT address FROM mail_addresses WHERE tenant_id = \(tenant) ORDER BY address")
            .map { try $0.string("address") }
    }

    public func addAddress(_ tenant: TenantID, _ address: String, at now: Timestamp, on sql: SQLExecutor) async throws {
        let address = address.lowercased()
        if try await sql.first("SELECT tenant_id FROM mail_addresses WHERE address = \(address)") != nil {
            throw HavenError.conflict([.invalid("address", "\(address) is already a support address")])
        }
        try await sql.execute(
            "INSERT INTO mail_addresses (address, tenant_id, created_at) VALUES (\(address), \(tenant), \(now))")
    }

    public func removeAddress(_ tenant: TenantID, _ address: String, on sql: SQLExecutor) async throws -> Bool {
        let known = try await sql.scalar(
            "SELECT count(*) FROM mail_addresses WHERE tenant_id = \(tenant) AND address = \(address.lowercased())")
        try await sql.execute("DELETE FROM mail_addresses WHERE tenant_id = \(tenant) AND address = \(address.lowercased())")
        return known > 0
    }

    public func ticket(_ tenant: TenantID, messageDigests: [[UInt8]], on sql: SQLExecutor) async throws -> TicketID? {
        guard !messageDigests.isEmpty else { return nil }
        var statement: SQL = "SELECT ticket_id FROM mail_messages WHERE tenant_id = \(tenant) AND digest IN ("
        for (offset, digest) in messageDigests.enumerated() {
            if offset > 0 { statement.append(raw: ", ") }
            statement.append(bind: .blob(digest))
        }
        statement.append(raw: ") ORDER BY created_at DESC LIMIT 1")
        return try await sql.first(statement).map { TicketID(try $0.int("ticket_id")) }
    }

    public func record(
        _ tenant: TenantID, messageDigest: [UInt8], ticket: TicketID, conversation: ConversationID?, outgoing: Bool,
        at now: Timestamp, on sql: SQLExecutor
    ) async throws -> Bool {
        guard try await !self.isKnown(tenant, messageDigest: messageDigest, on: sql) else { return false }
        try await sql.execute(
            """
            INSERT INTO mail_messages (tenant_id, digest, ticket_id, conversation_id, direction, created_at)
            VALUES (\(tenant), \(DBValue.blob(messageDigest)), \(ticket), \(conversation?.rawValue), \(outgoing ? "out" : "in"), \(now))
            """)
        return true
    }

    public func isKnown(_ tenant: TenantID, messageDigest: [UInt8], on sql: SQLExecutor) async throws -> Bool {
        try await sql.first("SELECT 1 AS k FROM mail_messages WHERE tenant_id = \(tenant) AND digest = \(DBValue.blob(messageDigest))")
            != nil
    }
}
