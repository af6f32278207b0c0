public import HavenCore

/// Tenants are the one table not scoped by a tenant: this repository is used at the edge (resolving a host or a
/// key to a tenant) and by operator commands, never by request handlers.
public struct SQLiteTenantRepository: TenantRepository {
    let credentials: CredentialCache

    public init(credentials: CredentialCache) {
        self.credentials = credentials
    }

    public func insert(_ tenant: Tenant, on sql: SQLExecutor) async throws {
        sql.transaction?.announce(.hosts)
        try await sql.execute(
            """
            INSERT INTO tenants (id, name, subdomain, region, status, next_ticket_id, created_at, updated_at)
            VALUES (\(tenant.id), \(tenant.name), \(tenant.subdomain), \(tenant.region), \(tenant.status.rawValue), 1,
                    \(tenant.createdAt), \(tenant.updatedAt))
            """
        )
    }

    public func find(_ id: TenantID, on sql: SQLExecutor) async throws -> Tenant? {
        try await sql.first("SELECT * FROM tenants WHERE id = \(id)").map(Self.decode)
    }

    public func find(subdomain: String, on sql: SQLExecutor) async throws -> Tenant? {
        try await sql.first("SELECT * FROM tenants WHERE subdomain = \(subdomain)").map(Self.decode)
    }

    public func all(on sql: SQLExecutor) async throws -> [Tenant] {
        try await sql.all("SELECT * FROM tenants ORDER BY id").map(Self.decode)
    }

    public func count(on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) AS n FROM tenants")
    }

    public func setStatus(_ id: TenantID, _ status: Tenant.Status, at now: Timestamp, on sql: SQLExecutor) async throws {
        self.credentials.credentialsChanged(on: sql)
        sql.transaction?.announce(.hosts)
        let terminatedAt: Timestamp? = status == .terminated ? now : nil
        try await sql.execute(
            """
            UPDATE tenants SET status = \(status.rawValue), updated_at = \(now),
                terminated_at = CASE WHEN \(status.rawValue) = 'terminated' THEN coalesce(terminated_at, \(terminatedAt)) END
            WHERE id = \(id)
            """)
    }

    /// The next per-tenant ticket display number, taken inside the caller's write transaction.
    public func nextTicketID(_ tenant: TenantID, on sql: SQLExecutor) async throws -> TicketID {
        TicketID(
            try await sql.scalar(
                "UPDATE tenants SET next_ticket_id = next_ticket_id + 1 WHERE id = \(tenant) RETURNING next_ticket_id - 1 AS n"
            )
        )
    }

    static func decode(_ row: Row) throws -> Tenant {
        Tenant(
            id: try row.id("id"),
            name: try row.string("name"),
            subdomain: try row.string("subdomain"),
            region: try row.string("region"),
            status: Tenant.Status(rawValue: try row.string("status")) ?? .terminated,
            createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"),
            terminatedAt: try row.optionalTimestamp("terminated_at")
        )
    }
}
