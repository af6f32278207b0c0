public import HavenCore

/// Background jobs (bulk delete). `pending(limit:)` crosses tenants by design: one runner serves every tenant.
public protocol JobRepository: Sendable {
    func insert(_ job: Job, on sql: SQLExecutor) async throws
    func update(_ job: Job, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: String, on sql: SQLExecutor) async throws -> Job?
    /// Jobs not yet finished, oldest first: the job runner's queue (across tenants; each job carries its tenant).
    func pending(limit: Int, on sql: SQLExecutor) async throws -> [Job]
}
