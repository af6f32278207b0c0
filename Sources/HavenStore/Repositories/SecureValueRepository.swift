public import HavenCore
import HavenCrypto

/// Secure field values: one row per ticket and field, each sealed under a key of its own (`KeyScope.secret`) so that
/// destroying the key makes the value unreadable in every copy of the database, backups included.
public protocol SecureValueRepository: Sendable {
    /// Sets (a text) or clears (nil) each named value of a ticket; a replaced value's key is destroyed with it and
    /// the new one gets a new key.
    func set(_ tenant: TenantID, ticket: TicketID, _ values: [(String, String?)], at now: Timestamp, on sql: SQLExecutor) async throws
    /// The names of the ticket's stored values (none opened).
    func names(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> [String]
    /// The ticket's values, opened.
    func values(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> [String: String]
    /// Destroys every value of the ticket, keys first; returns how many.
    @discardableResult
    func destroy(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> Int
}

public struct SQLiteSecureValueRepository: SecureValueRepository {
    static let table = "secure_values"
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    public func set(_ tenant: TenantID, ticket: TicketID, _ values: [(String, String?)], at now: Timestamp, on sql: SQLExecutor)
        async throws
    {
        for (name, value) in values {
            if let old = try await sql.first(
                "SELECT id FROM secure_values WHERE tenant_id = \(tenant) AND ticket_id = \(ticket) AND field_name = \(name)")
            {
                let id = try old.int("id")
                try await self.keys.eraseSecret(tenant, id, on: sql)
                try await sql.execute("DELETE FROM secure_values WHERE tenant_id = \(tenant) AND id = \(id)")
            }
            guard let value else { continue }
            let id = try await IDSequences.next(Self.table, on: sql)
            let sealer = try await self.keys.sealer(tenant, .secret(id), create: true, on: sql)
            try await sql.execute(
                """
                INSERT INTO secure_values (tenant_id, id, ticket_id, field_name, value, created_at)
                VALUES (\(tenant), \(id), \(ticket), \(name), \(try sealer.seal(value, Self.table, "value", id)), \(now))
                """
            )
        }
    }

    public func names(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> [String] {
        try await sql.all(
            "SELECT field_name FROM secure_values WHERE tenant_id = \(tenant) AND ticket_id = \(ticket) ORDER BY field_name"
        ).map { try $0.string("field_name") }
    }

    public func values(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> [String: String] {
        var values: [String: String] = [:]
        for row in try await sql.all("SELECT * FROM secure_values WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)") {
            let id = try row.int("id")
            let sealer: Sealer
            do {
                sealer = try await self.keys.sealer(tenant, .secret(id), on: sql)
            } catch KeyError.erased {
                // The keystore is another database file: a crash between the key's deletion and the row's can leave
                // the row without its key. Without the key there is no value; the row goes with the next destroy.
                continue
            }
            values[try row.string("field_name")] = try sealer.open(row, Self.table, "value", id)
        }
        return values
    }

    @discardableResult
    public func destroy(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> Int {
        let ids = try await sql.all("SELECT id FROM secure_values WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)").map {
            try $0.int("id")
        }
        for id in ids { try await self.keys.eraseSecret(tenant, id, on: sql) }
        try await sql.execute("DELETE FROM secure_values WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)")
        return ids.count
    }
}
