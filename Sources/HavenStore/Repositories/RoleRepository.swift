public import HavenCore

/// The fixed roles, seeded per tenant.
public protocol RoleRepository: Sendable {
    /// The three roles every tenant starts with, one per `AgentRole`.
    func seed(_ tenant: TenantID, at now: Timestamp, on sql: SQLExecutor) async throws
    func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Role]
    func find(_ tenant: TenantID, _ id: RoleID, on sql: SQLExecutor) async throws -> Role?
}
