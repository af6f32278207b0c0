public import HavenCore

/// Agent groups.
public protocol GroupRepository: Sendable {
    func insert(_ group: AgentGroup, on sql: SQLExecutor) async throws
    func update(_ group: AgentGroup, on sql: SQLExecutor) async throws
    /// Deleting a group unassigns its tickets; memberships cascade.
    func delete(_ tenant: TenantID, _ id: GroupID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: GroupID, on sql: SQLExecutor) async throws -> AgentGroup?
    func exists(_ tenant: TenantID, _ id: GroupID, on sql: SQLExecutor) async throws -> Bool
    func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> GroupID?
    func list(_ tenant: TenantID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<AgentGroup>
}
