public import HavenCore

/// API keys, stored as SHA-256 hashes. `ownerAndTenant(hash:)` is a cross-tenant lookup by design: the key names its tenant.
public protocol APIKeyRepository: Sendable {
    func insert(_ tenant: TenantID, id: APIKeyID, agent: UserID, hash: String, prefix: String, at now: Timestamp, on sql: SQLExecutor)
        async throws
    /// Resolves a key hash to its owner and tenant in one query: a live key of a current agent. The hash is unique
    /// across the deployment, so the lookup needs no tenant; the caller then checks the tenant against the host.
    func ownerAndTenant(hash: String, on sql: SQLExecutor) async throws -> (APIKeyOwner, Tenant)?
    func revokeAll(_ tenant: TenantID, agent: UserID, at now: Timestamp, on sql: SQLExecutor) async throws
}
