public import HavenCore

/// A signed-in browser. The cookie holds 256 random bits; the database only their SHA-256 (`token_hash`), so a
/// copy of the database lets nobody in.
public struct StoredSession: Sendable, Equatable {
    /// Where the sign-in stands: a password accepted but a second factor still due, or enrollment due first.
    public enum Stage: String, Sendable {
        case secondFactor = "second_factor"
        case enrollment
        case complete
    }

    public let id: Int64
    public let tenantID: TenantID
    public let userID: UserID
    public let audience: Audience
    public var stage: Stage
    public var csrfToken: String
    public let createdAt: Timestamp
    public var lastSeenAt: Timestamp
    public var authenticatedAt: Timestamp
    public let expiresAt: Timestamp
    /// Opened only for the sessions page (nil elsewhere).
    public var userAgent: String?
    public var sourceIP: String?

    public init(
        id: Int64, tenantID: TenantID, userID: UserID, audience: Audience, stage: Stage, csrfToken: String, createdAt: Timestamp,
        lastSeenAt: Timestamp, authenticatedAt: Timestamp, expiresAt: Timestamp, userAgent: String? = nil, sourceIP: String? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.userID = userID
        self.audience = audience
        self.stage = stage
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.authenticatedAt = authenticatedAt
        self.expiresAt = expiresAt
        self.userAgent = userAgent
        self.sourceIP = sourceIP
    }
}

public protocol SessionRepository: Sendable {
    func insert(_ session: StoredSession, tokenHash: String, on sql: SQLExecutor) async throws
    /// A cross-tenant lookup by design, as for API keys: the token names its tenant; the caller checks the host.
    func find(tokenHash: String, on sql: SQLExecutor) async throws -> StoredSession?
    func find(_ tenant: TenantID, id: Int64, on sql: SQLExecutor) async throws -> StoredSession?
    /// Every session of a person in one audience, newest first, with device and address opened.
    func list(_ tenant: TenantID, user: UserID, audience: Audience, on sql: SQLExecutor) async throws -> [StoredSession]
    func update(_ session: StoredSession, on sql: SQLExecutor) async throws
    /// Moves a session to a new token (sign-in completed, privilege changed): the old cookie stops working.
    func replaceToken(_ tenant: TenantID, id: Int64, tokenHash: String, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, id: Int64, on sql: SQLExecutor) async throws
    /// Ends a person's sessions (all audiences), except one; returns how many ended.
    func deleteAll(_ tenant: TenantID, user: UserID, except: Int64?, on sql: SQLExecutor) async throws -> Int
    /// Ends sessions past their absolute timeout or idle since before `idleSince` for their audience.
    func deleteExpired(_ tenant: TenantID?, now: Timestamp, on sql: SQLExecutor) async throws -> Int
}
