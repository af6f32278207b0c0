public import HavenCore

public struct SQLiteAccountTokenRepository: AccountTokenRepository {
    public init() {}

    public func insert(_ token: StoredAccountToken, hash: String, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE account_tokens SET used_at = \(token.createdAt)
            WHERE tenant_id = \(token.tenantID) AND user_id = \(token.userID) AND used_at IS NULL
            """
        )
        try await sql.execute(
            """
            INSERT INTO account_tokens (token_hash, tenant_id, user_id, purpose, created_at, expires_at)
            VALUES (\(hash), \(token.tenantID), \(token.userID), \(token.purpose.rawValue), \(token.createdAt), \(token.expiresAt))
            """
        )
    }

    public func find(hash: String, on sql: SQLExecutor) async throws -> StoredAccountToken? {
        guard let row = try await sql.first(.across(.accountLinks, "SELECT * FROM account_tokens WHERE token_hash = \(hash)")) else {
            return nil
        }
        guard let purpose = AccountTokenPurpose(rawValue: try row.string("purpose")) else {
            throw StoreError.database("account_tokens row with an unknown purpose")
        }
        return StoredAccountToken(
            tenantID: try row.id("tenant_id"), userID: try row.id("user_id"), purpose: purpose, createdAt: try row.timestamp("created_at"),
            expiresAt: try row.timestamp("expires_at"), usedAt: try row.optionalTimestamp("used_at"))
    }

    public func markUsed(hash: String, at now: Timestamp, on sql: SQLExecutor) async throws -> Bool {
        let unused = try await sql.scalar(
            .across(.accountLinks, "SELECT count(*) FROM account_tokens WHERE token_hash = \(hash) AND used_at IS NULL"))
        guard unused == 1 else { return false }
        try await sql.execute(.across(.accountLinks, "UPDATE account_tokens SET used_at = \(now) WHERE token_hash = \(hash)"))
        return true
    }

    public func latestIssued(_ tenant: TenantID, user: UserID, on sql: SQLExecutor) async throws -> Timestamp? {
        try await sql.first("SELECT max(created_at) AS newest FROM account_tokens WHERE tenant_id = \(tenant) AND user_id = \(user)")
            .flatMap { try $0.optionalTimestamp("newest") }
    }
}
