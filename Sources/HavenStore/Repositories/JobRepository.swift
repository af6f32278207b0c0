public import HavenCore

/// Background jobs (bulk delete, exports, re-encryption). `pending` crosses tenants by design: one runner per node
/// serves every tenant, and a node runs a job only while it holds the job's claim.
public protocol JobRepository: Sendable {
    func insert(_ job: Job, on sql: SQLExecutor) async throws
    func update(_ job: Job, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: String, on sql: SQLExecutor) async throws -> Job?
    /// Jobs not yet finished and not claimed by a node at `now`, oldest first: the job runner's queue (across
    /// tenants; each job carries its tenant).
    func pending(limit: Int, now: Timestamp, on sql: SQLExecutor) async throws -> [Job]
    /// Takes (or renews) the claim on an unfinished job for `owner` until `until`, if no other node holds it at
    /// `now`. Returns whether `owner` holds it.
    func claim(_ job: Job, owner: String, until: Timestamp, now: Timestamp, on sql: SQLExecutor) async throws -> Bool
}
