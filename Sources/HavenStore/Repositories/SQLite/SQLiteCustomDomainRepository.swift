public import HavenCore

/// Custom portal domains. Names are clear (the TLS layer looks them up by SNI and they are organisation data, not
/// personal); each belongs to one tenant, which the unique index enforces across tenants.
public struct SQLiteCustomDomainRepository: CustomDomainRepository {
    public init() {}

    public func insert(_ d: CustomDomain, on sql: SQLExecutor) async throws {
        sql.transaction?.announce(.hosts)
        try await sql.execute(
            """
            INSERT INTO custom_domains (tenant_id, id, domain, cname_target, state, reason, next_check_at, failures,
                awaiting_since, not_before, not_after, created_at, updated_at)
            VALUES (\(d.tenantID), \(d.id), \(d.domain), \(d.cnameTarget), \(d.status.state.rawValue), \(d.status.reason),
                \(d.status.nextCheckAt), \(Int64(d.status.failures)), \(d.awaitingSince), \(d.status.notBefore),
                \(d.status.notAfter), \(d.createdAt), \(d.updatedAt))
            """
        )
    }

    /// Writes the status (and when the domain started waiting) of a domain.
    public func update(_ d: CustomDomain, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE custom_domains SET state = \(d.status.state.rawValue), reason = \(d.status.reason),
                next_check_at = \(d.status.nextCheckAt), failures = \(Int64(d.status.failures)),
                awaiting_since = \(d.awaitingSince), not_before = \(d.status.notBefore), not_after = \(d.status.notAfter),
                updated_at = \(d.updatedAt)
            WHERE tenant_id = \(d.tenantID) AND id = \(d.id)
            """
        )
    }

    public func find(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws -> CustomDomain? {
        try await sql.first("SELECT * FROM custom_domains WHERE tenant_id = \(tenant) AND id = \(id)").map(Self.decode)
    }

    public func find(_ tenant: TenantID, domain: String, on sql: SQLExecutor) async throws -> CustomDomain? {
        try await sql.first("SELECT * FROM custom_domains WHERE tenant_id = \(tenant) AND domain = \(domain)").map(Self.decode)
    }

    /// A domain by name in whichever tenant holds it (operators' `haven domains check`); each domain has one tenant.
    public func find(domain: String, on sql: SQLExecutor) async throws -> CustomDomain? {
        try await sql.first(.across(.certificates, "SELECT * FROM custom_domains WHERE domain = \(domain)")).map(Self.decode)
    }

    public func list(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [CustomDomain] {
        try await sql.all("SELECT * FROM custom_domains WHERE tenant_id = \(tenant) ORDER BY domain").map(Self.decode)
    }

    /// Which tenant holds a domain, as a custom domain or through an uploaded certificate. Across tenants on purpose:
    /// a domain belongs to one tenant.
    public func holder(ofDomain domain: String, on sql: SQLExecutor) async throws -> TenantID? {
        try await sql.first(
            .across(
                .certificates,
                """
                SELECT tenant_id FROM custom_domains WHERE domain = \(domain)
                UNION ALL SELECT tenant_id FROM domain_certificates WHERE domain = \(domain) LIMIT 1
                """)
        ).map { try $0.id("tenant_id") }
    }

    /// Domains whose next check is due, across tenants (the certificate manager's queue; each row names its tenant).
    public func due(at now: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [CustomDomain] {
        try await sql.all(
            .across(
                .certificates, "SELECT * FROM custom_domains WHERE next_check_at <= \(now) ORDER BY next_check_at LIMIT \(Int64(limit))")
        ).map(Self.decode)
    }

    public func delete(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws {
        sql.transaction?.announce(.hosts)
        try await sql.execute("DELETE FROM custom_domains WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    static func decode(_ row: Row) throws -> CustomDomain {
        var domain = CustomDomain(
            tenantID: try row.id("tenant_id"), id: try row.int("id"), domain: try row.string("domain"),
            cnameTarget: try row.string("cname_target"), createdAt: try row.timestamp("created_at"))
        guard let state = DomainStatus.State(rawValue: try row.string("state")) else {
            throw HavenError.internalFailure("custom_domains.state holds an unknown state")
        }
        domain.status = DomainStatus(
            state: state, reason: try row.optionalString("reason"), nextCheckAt: try row.timestamp("next_check_at"),
            failures: Int(try row.int("failures")), notBefore: try row.optionalTimestamp("not_before"),
            notAfter: try row.optionalTimestamp("not_after"))
        domain.awaitingSince = try row.optionalTimestamp("awaiting_since")
        domain.updatedAt = try row.timestamp("updated_at")
        return domain
    }
}
