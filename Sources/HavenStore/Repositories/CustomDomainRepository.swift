public import HavenCore

/// Tenants' custom portal domains. `holder(ofDomain:)`, `find(domain:)` and `due(at:limit:)` cross tenants by design (uniqueness, the operator's check, the certificate manager's queue).
public protocol CustomDomainRepository: Sendable {
    func insert(_ d: CustomDomain, on sql: SQLExecutor) async throws
    /// Writes the status (and when the domain started waiting) of a domain.
    func update(_ d: CustomDomain, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws -> CustomDomain?
    func find(_ tenant: TenantID, domain: String, on sql: SQLExecutor) async throws -> CustomDomain?
    /// A domain by name in whichever tenant holds it (operators' `haven domains check`); each domain has one tenant.
    func find(domain: String, on sql: SQLExecutor) async throws -> CustomDomain?
    func list(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [CustomDomain]
    /// Which tenant holds a domain, as a custom domain or through an uploaded certificate. Across tenants on purpose:
    /// a domain belongs to one tenant.
    func holder(ofDomain domain: String, on sql: SQLExecutor) async throws -> TenantID?
    /// Domains whose next check is due, across tenants (the certificate manager's queue; each row names its tenant).
    func due(at now: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [CustomDomain]
    func delete(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws
}
