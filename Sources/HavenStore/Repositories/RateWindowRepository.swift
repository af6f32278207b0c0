public import HavenCore

/// Each tenant's API requests per clock minute, summed over the nodes that serve it (`RateWindowSync`). Across
/// tenants by design: one statement carries a node's counts for every tenant it served.
public protocol RateWindowRepository: Sendable {
    /// Adds this node's requests since its last call to each tenant's count for `minute`; returns the count over
    /// all nodes of every tenant any node served in `minute` (so a node knows a tenant's use before serving it).
    func add(_ requests: [TenantID: Int], minute: Int64, on sql: SQLExecutor) async throws -> [TenantID: Int]
    /// Forgets the minutes before `minute`.
    func deleteBefore(minute: Int64, on sql: SQLExecutor) async throws
}
