public import HavenCore

/// Certificates served for tenants' domains, private keys sealed. `allForServing` and `owner(ofDomain:)` cross tenants by design (the SNI store serves every tenant).
public protocol DomainCertificateRepository: Sendable {
    /// Inserts or replaces the tenant's certificate for its domain.
    func save(_ certificate: DomainCertificate, on sql: SQLExecutor) async throws
    /// Who holds a domain, across tenants (a domain belongs to one tenant).
    func owner(ofDomain domain: String, on sql: SQLExecutor) async throws -> (TenantID, Int64)?
    func find(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws -> DomainCertificate?
    func find(_ tenant: TenantID, domain: String, on sql: SQLExecutor) async throws -> DomainCertificate?
    func list(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [DomainCertificate]
    /// Every uploaded certificate, to load into the TLS certificate store at start (each row carries its tenant).
    /// One whose key cannot be opened (an erased tenant, damage) is left out and logged; the others are served.
    func allForServing(on sql: SQLExecutor) async throws -> [DomainCertificate]
    func delete(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws
}
