public import HavenCore

/// One person's sign-in secrets, opened: the password hash (a PHC string, not secret by itself but never shown), the
/// TOTP secret (sealed under the person's key at rest), the hashes of unused recovery codes.
public struct StoredCredential: Sendable, Equatable {
    public let tenantID: TenantID
    public let userID: UserID
    public var passwordHash: String?
    public var passwordChangedAt: Timestamp?
    public var totpSecret: [UInt8]?
    /// An enrollment started but not confirmed with a code yet.
    public var totpPending: [UInt8]?
    public var totpEnrolledAt: Timestamp?
    public var totpLastStep: Int64?
    public var recoveryCodeHashes: [String]

    public init(tenantID: TenantID, userID: UserID) {
        self.tenantID = tenantID
        self.userID = userID
        self.recoveryCodeHashes = []
    }

    public var hasSecondFactor: Bool { self.totpSecret != nil }
}

public protocol CredentialRepository: Sendable {
    func find(_ tenant: TenantID, _ user: UserID, on sql: SQLExecutor) async throws -> StoredCredential?
    /// Inserts or replaces the row (the TOTP secrets sealed under the person's key).
    func save(_ credential: StoredCredential, on sql: SQLExecutor) async throws
}
