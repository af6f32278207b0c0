public import HavenCore

/// A new API key's settings (the key itself is shown once and stored only as its SHA-256).
public struct NewAPIKey: Sendable {
    public let id: APIKeyID
    public let agent: UserID
    public let name: String
    public let hash: String
    public let prefix: String
    public let expiresAt: Timestamp?
    public let readOnly: Bool
    /// CIDR entries, already checked; empty: the tenant's API allowlist alone applies.
    public let allowlist: [String]

    public init(
        id: APIKeyID, agent: UserID, name: String, hash: String, prefix: String, expiresAt: Timestamp? = nil, readOnly: Bool = false,
        allowlist: [String] = []
    ) {
        self.id = id
        self.agent = agent
        self.name = name
        self.hash = hash
        self.prefix = prefix
        self.expiresAt = expiresAt
        self.readOnly = readOnly
        self.allowlist = allowlist
    }
}

/// An API key as its owner and admins see it in lists: never the key, only its first characters.
public struct APIKeyRecord: Sendable, Equatable {
    public let id: APIKeyID
    public let agent: UserID
    public let name: String
    public let prefix: String
    public let createdAt: Timestamp
    public let expiresAt: Timestamp?
    public let readOnly: Bool
    public let allowlist: [String]
    public let lastUsedAt: Timestamp?
    public let revokedAt: Timestamp?
}

/// API keys, stored as SHA-256 hashes. `ownerAndTenant(hash:)` is a cross-tenant lookup by design: the key names its tenant.
public protocol APIKeyRepository: Sendable {
    func insert(_ tenant: TenantID, _ key: NewAPIKey, at now: Timestamp, on sql: SQLExecutor) async throws
    /// Resolves a key hash to its owner and tenant in one query: an unrevoked key of a current agent. The hash is
    /// unique across the deployment, so the lookup needs no tenant; the caller then checks the tenant against the
    /// host, and the key's expiry, scope and allowlist (`APIKeyOwner`).
    func ownerAndTenant(hash: String, on sql: SQLExecutor) async throws -> (APIKeyOwner, Tenant)?
    func list(_ tenant: TenantID, agent: UserID?, on sql: SQLExecutor) async throws -> [APIKeyRecord]
    func find(_ tenant: TenantID, _ id: APIKeyID, on sql: SQLExecutor) async throws -> APIKeyRecord?
    func revoke(_ tenant: TenantID, _ id: APIKeyID, at now: Timestamp, on sql: SQLExecutor) async throws
    func revokeAll(_ tenant: TenantID, agent: UserID, at now: Timestamp, on sql: SQLExecutor) async throws -> Int
    func recordUse(_ tenant: TenantID, _ id: APIKeyID, at now: Timestamp, on sql: SQLExecutor) async throws
}
