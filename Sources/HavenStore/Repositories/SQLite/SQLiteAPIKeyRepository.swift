public import HavenCore

/// What an API key resolves to: its tenant and the agent acting.
public struct APIKeyOwner: Sendable, Equatable {
    public let keyID: APIKeyID
    public let tenantID: TenantID
    public let agentID: UserID
    public let role: AgentRole
    public let prefix: String
}

public struct SQLiteAPIKeyRepository: APIKeyRepository {
    let credentials: CredentialCache

    public init(credentials: CredentialCache) {
        self.credentials = credentials
    }

    public func insert(
        _ tenant: TenantID,
        id: APIKeyID,
        agent: UserID,
        hash: String,
        prefix: String,
        at now: Timestamp,
        on sql: SQLExecutor
    ) async throws {
        try await sql.execute(
            """
            INSERT INTO api_keys (tenant_id, id, user_id, key_hash, prefix, created_at)
            VALUES (\(tenant), \(id), \(agent), \(hash), \(prefix), \(now))
            """
        )
    }

    /// Resolves a key hash to its owner and tenant in one query: a live key of a current agent. The hash is unique
    /// across the deployment, so the lookup needs no tenant; the caller then checks the tenant against the host.
    public func ownerAndTenant(hash: String, on sql: SQLExecutor) async throws -> (APIKeyOwner, Tenant)? {
        guard
            let row = try await sql.first(
                """
                SELECT k.id AS key_id, k.user_id, k.prefix, a.role, t.*
                FROM api_keys k
                JOIN agents a ON a.tenant_id = k.tenant_id AND a.user_id = k.user_id
                JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id AND u.deleted = 0 AND u.is_agent = 1
                JOIN tenants t ON t.id = k.tenant_id
                WHERE k.key_hash = \(hash) AND k.revoked_at IS NULL
                """
            ),
            let role = AgentRole(rawValue: try row.string("role"))
        else { return nil }
        let tenant = try SQLiteTenantRepository.decode(row)
        let owner = APIKeyOwner(
            keyID: try row.id("key_id"),
            tenantID: tenant.id,
            agentID: try row.id("user_id"),
            role: role,
            prefix: try row.string("prefix")
        )
        return (owner, tenant)
    }

    public func revokeAll(_ tenant: TenantID, agent: UserID, at now: Timestamp, on sql: SQLExecutor) async throws {
        self.credentials.credentialsChanged(on: sql)
        try await sql.execute(
            """
            UPDATE api_keys SET revoked_at = \(now)
            WHERE tenant_id = \(tenant) AND user_id = \(agent) AND revoked_at IS NULL
            """
        )
    }
}
