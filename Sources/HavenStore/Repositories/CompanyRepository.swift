public import HavenCore

/// Companies, their sealed names and blind-index lookups.
public protocol CompanyRepository: Sendable {
    func insert(_ company: Company, on sql: SQLExecutor) async throws
    func update(_ company: Company, on sql: SQLExecutor) async throws
    /// Deleting a company detaches its contacts and tickets (they stay, without a company).
    func delete(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws -> Company?
    func find(_ tenant: TenantID, ids: [CompanyID], on sql: SQLExecutor) async throws -> [CompanyID: Company]
    /// The company with this name (case-insensitive, inner spaces collapsed), if any.
    func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> CompanyID?
    func list(_ tenant: TenantID, updatedSince: Timestamp?, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Company>
    /// Companies whose name starts with `name`. Names are sealed, so this reads the tenant's companies (an
    /// organisation list, small next to contacts) and matches in memory.
    func autocomplete(_ tenant: TenantID, name: String, limit: Int, on sql: SQLExecutor) async throws -> [Company]
    func search(_ tenant: TenantID, _ search: CompiledSearch, page: PageRequest, on sql: SQLExecutor) async throws -> (
        total: Int64, items: [Company]
    )
}
