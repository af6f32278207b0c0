public import HavenCore

/// Tenants (accounts) and their ticket-number sequence. `all` and `count` list every tenant by design (operators, jobs).
public protocol TenantRepository: Sendable {
    func insert(_ tenant: Tenant, on sql: SQLExecutor) async throws
    func find(_ id: TenantID, on sql: SQLExecutor) async throws -> Tenant?
    func find(subdomain: String, on sql: SQLExecutor) async throws -> Tenant?
    func all(on sql: SQLExecutor) async throws -> [Tenant]
    func count(on sql: SQLExecutor) async throws -> Int64
    func setStatus(_ id: TenantID, _ status: Tenant.Status, at now: Timestamp, on sql: SQLExecutor) async throws
    /// The next per-tenant ticket display number, taken inside the caller's write transaction.
    func nextTicketID(_ tenant: TenantID, on sql: SQLExecutor) async throws -> TicketID
}
