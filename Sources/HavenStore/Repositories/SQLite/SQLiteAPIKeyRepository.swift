public import HavenCore

/// What an API key resolves to: its tenant, the agent acting, and the key's own limits.
public struct APIKeyOwner: Sendable, Equatable {
    public let keyID: APIKeyID
    public let tenantID: TenantID
    public let agentID: UserID
    public let role: AgentRole
    public let prefix: String
    public let expiresAt: Timestamp?
    /// A read-only key may only read (GET and HEAD).
    public let readOnly: Bool
    /// The key's own allowlist, compiled (empty: no restriction of its own).
    public let allowlist: IPAllowlist
    /// An occasional agent's end of access: the key stops with it.
    public let accessEndsAt: Timestamp?

    public init(
        keyID: APIKeyID, tenantID: TenantID, agentID: UserID, role: AgentRole, prefix: String, expiresAt: Timestamp? = nil,
        readOnly: Bool = false, allowlist: IPAllowlist = IPAllowlist([]), accessEndsAt: Timestamp? = nil
    ) {
        self.keyID = keyID
        self.tenantID = tenantID
        self.agentID = agentID
        self.role = role
        self.prefix = prefix
        self.expiresAt = expiresAt
        self.readOnly = readOnly
        self.allowlist = allowlist
        self.accessEndsAt = accessEndsAt
    }

    /// Whether the key works at `now`: neither it nor its occasional agent's access has ended.
    public func isCurrent(at now: Timestamp) -> Bool {
        (self.expiresAt.map { now < $0 } ?? true) && (self.accessEndsAt.map { now < $0 } ?? true)
    }
}

public struct SQLiteAPIKeyRepository: APIKeyRepository {
    let credentials: CredentialCache

    public init(credentials: CredentialCache) {
        self.credentials = credentials
    }

    public func insert(_ tenant: TenantID, _ key: NewAPIKey, at now: Timestamp, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO api_keys (tenant_id, id, user_id, key_hash, prefix, created_at, name, expires_at, read_only, allowlist)
            VALUES (\(tenant), \(key.id), \(key.agent), \(key.hash), \(key.prefix), \(now), \(key.name), \(key.expiresAt),
                \(key.readOnly), \(DBValue.jsonList(key.allowlist)))
            """
        )
    }

    public func ownerAndTenant(hash: String, on sql: SQLExecutor) async throws -> (APIKeyOwner, Tenant)? {
        guard
            let row = try await sql.first(
                .across(
                    .apiKeyLookup,
                    """
                    SELECT k.id AS key_id, k.user_id, k.prefix, k.expires_at AS key_expires_at, k.read_only, k.allowlist,
                        a.role, a.access_ends_at, t.*
                    FROM api_keys k
                    JOIN agents a ON a.tenant_id = k.tenant_id AND a.user_id = k.user_id
                    JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id AND u.deleted = 0 AND u.is_agent = 1
                    JOIN tenants t ON t.id = k.tenant_id
                    WHERE k.key_hash = \(hash) AND k.revoked_at IS NULL
                    """)
            ),
            let role = AgentRole(rawValue: try row.string("role"))
        else { return nil }
        let tenant = try SQLiteTenantRepository.decode(row)
        let owner = APIKeyOwner(
            keyID: try row.id("key_id"), tenantID: tenant.id, agentID: try row.id("user_id"), role: role,
            prefix: try row.string("prefix"), expiresAt: try row.optionalTimestamp("key_expires_at"), readOnly: try row.bool("read_only"),
            allowlist: IPAllowlist.parse(try row.stringList("allowlist")).allowlist,
            accessEndsAt: try row.optionalTimestamp("access_ends_at"))
        return (owner, tenant)
    }

    public func list(_ tenant: TenantID, agent: UserID?, on sql: SQLExecutor) async throws -> [APIKeyRecord] {
        let filter: SQL = agent.map { "AND user_id = \($0)" } ?? ""
        return try await sql.all("SELECT * FROM api_keys WHERE tenant_id = \(tenant) \(filter) ORDER BY created_at DESC, id DESC")
            .map(Self.decode)
    }

    public func find(_ tenant: TenantID, _ id: APIKeyID, on sql: SQLExecutor) async throws -> APIKeyRecord? {
        try await sql.first("SELECT * FROM api_keys WHERE tenant_id = \(tenant) AND id = \(id)").map(Self.decode)
    }

    public func revoke(_ tenant: TenantID, _ id: APIKeyID, at now: Timestamp, on sql: SQLExecutor) async throws {
        self.credentials.credentialsChanged(on: sql)
        try await sql.execute(
            "UPDATE api_keys SET revoked_at = \(now) WHERE tenant_id = \(tenant) AND id = \(id) AND revoked_at IS NULL")
    }

    public func revokeAll(_ tenant: TenantID, agent: UserID, at now: Timestamp, on sql: SQLExecutor) async throws -> Int {
        self.credentials.credentialsChanged(on: sql)
        let count = try await sql.scalar(
            "SELECT count(*) FROM api_keys WHERE tenant_id = \(tenant) AND user_id = \(agent) AND revoked_at IS NULL")
        try await sql.execute(
            """
            UPDATE api_keys SET revoked_at = \(now)
            WHERE tenant_id = \(tenant) AND user_id = \(agent) AND revoked_at IS NULL
            """
        )
        return Int(count)
    }

    public func recordUse(_ tenant: TenantID, _ id: APIKeyID, at now: Timestamp, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE api_keys SET last_used_at = \(now) WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    static func decode(_ row: Row) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.id("id"), agent: try row.id("user_id"), name: try row.string("name"), prefix: try row.string("prefix"),
            createdAt: try row.timestamp("created_at"), expiresAt: try row.optionalTimestamp("expires_at"),
            readOnly: try row.bool("read_only"), allowlist: try row.stringList("allowlist"),
            lastUsedAt: try row.optionalTimestamp("last_used_at"), revokedAt: try row.optionalTimestamp("revoked_at"))
    }
}
