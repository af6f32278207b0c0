public import HavenCore

/// What a single-use account link does.
public enum AccountTokenPurpose: String, Sendable {
    /// Sets the first password of an invited agent (or contact).
    case invitation
    case passwordReset = "password_reset"
}

/// A single-use, expiring link's record. The link's token is never stored; only its SHA-256.
public struct StoredAccountToken: Sendable, Equatable {
    public let tenantID: TenantID
    public let userID: UserID
    public let purpose: AccountTokenPurpose
    public let createdAt: Timestamp
    public let expiresAt: Timestamp
    public let usedAt: Timestamp?

    public init(
        tenantID: TenantID, userID: UserID, purpose: AccountTokenPurpose, createdAt: Timestamp, expiresAt: Timestamp,
        usedAt: Timestamp? = nil
    ) {
        self.tenantID = tenantID
        self.userID = userID
        self.purpose = purpose
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

public protocol AccountTokenRepository: Sendable {
    /// Stores a new link, and voids the person's earlier unused links of any purpose (only the newest works).
    func insert(_ token: StoredAccountToken, hash: String, on sql: SQLExecutor) async throws
    /// A cross-tenant lookup by design: the token names its tenant; the caller checks the host.
    func find(hash: String, on sql: SQLExecutor) async throws -> StoredAccountToken?
    /// Marks a link used; false when it was used already (two tabs racing: only one wins).
    func markUsed(hash: String, at now: Timestamp, on sql: SQLExecutor) async throws -> Bool
    /// When the person's newest link was issued (a request for another one soon after is not answered twice).
    func latestIssued(_ tenant: TenantID, user: UserID, on sql: SQLExecutor) async throws -> Timestamp?
}
