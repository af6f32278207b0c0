public import HavenCore
import HavenCrypto

public struct SQLiteCredentialRepository: CredentialRepository {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    public func find(_ tenant: TenantID, _ user: UserID, on sql: SQLExecutor) async throws -> StoredCredential? {
        guard let row = try await sql.first("SELECT * FROM credentials WHERE tenant_id = \(tenant) AND user_id = \(user)") else {
            return nil
        }
        var credential = StoredCredential(tenantID: tenant, userID: user)
        credential.passwordHash = try row.optionalString("password_hash")
        credential.passwordChangedAt = try row.optionalTimestamp("password_changed_at")
        credential.totpEnrolledAt = try row.optionalTimestamp("totp_enrolled_at")
        credential.totpLastStep = try row.optionalInt("totp_last_step")
        credential.recoveryCodeHashes = try row.stringList("recovery_codes")
        if try row.optionalValue("totp_secret") != .null || row.optionalValue("totp_pending") != .null {
            let sealer = try await self.keys.sealer(tenant, .subject(user.rawValue), on: sql)
            credential.totpSecret = try sealer.open(row, "credentials", "totp_secret", user.rawValue).flatMap(Base32.decode)
            credential.totpPending = try sealer.open(row, "credentials", "totp_pending", user.rawValue).flatMap(Base32.decode)
        }
        return credential
    }

    public func save(_ credential: StoredCredential, on sql: SQLExecutor) async throws {
        let user = credential.userID
        let sealer = try await self.keys.sealer(credential.tenantID, .subject(user.rawValue), create: true, on: sql)
        let secret = try sealer.seal(credential.totpSecret.map(Base32.encode), "credentials", "totp_secret", user.rawValue)
        let pending = try sealer.seal(credential.totpPending.map(Base32.encode), "credentials", "totp_pending", user.rawValue)
        try await sql.execute(
            """
            INSERT INTO credentials (tenant_id, user_id, password_hash, password_changed_at, totp_secret, totp_pending,
                totp_enrolled_at, totp_last_step, recovery_codes)
            VALUES (\(credential.tenantID), \(user), \(credential.passwordHash), \(credential.passwordChangedAt), \(secret),
                \(pending), \(credential.totpEnrolledAt), \(credential.totpLastStep), \(DBValue.jsonList(credential.recoveryCodeHashes)))
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET
                password_hash = excluded.password_hash, password_changed_at = excluded.password_changed_at,
                totp_secret = excluded.totp_secret, totp_pending = excluded.totp_pending,
                totp_enrolled_at = excluded.totp_enrolled_at, totp_last_step = excluded.totp_last_step,
                recovery_codes = excluded.recovery_codes
            """
        )
    }
}
