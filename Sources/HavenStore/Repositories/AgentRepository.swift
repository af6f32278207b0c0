public import HavenCore

/// Agents: the agent rows beside their user rows (contacts).
public protocol AgentRepository: Sendable {
    /// Writes the agent row for an existing user row (which the caller has marked `is_agent`).
    func insert(_ agent: Agent, on sql: SQLExecutor) async throws
    func update(_ agent: Agent, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> AgentProfile?
    func exists(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Bool
    func countAdmins(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Int64
    func counts(_ tenant: TenantID, on sql: SQLExecutor) async throws -> (fullTime: Int64, occasional: Int64)
    func list(_ tenant: TenantID, _ filter: AgentFilter, page: PageRequest, on sql: SQLExecutor) async throws -> Page<AgentProfile>
    /// An occasional agent's end of access (vendor access), nil for none.
    func accessEnds(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Timestamp?
    func setAccessEnds(_ tenant: TenantID, _ id: UserID, _ end: Timestamp?, on sql: SQLExecutor) async throws
    /// Agents whose access ended at or before `now` and who still hold a session or an unrevoked key.
    func accessEnded(at now: Timestamp, on sql: SQLExecutor) async throws -> [(TenantID, UserID)]
}
