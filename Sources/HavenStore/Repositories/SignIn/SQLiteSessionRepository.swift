public import HavenCore
import HavenCrypto

public struct SQLiteSessionRepository: SessionRepository {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    public func insert(_ session: StoredSession, tokenHash: String, on sql: SQLExecutor) async throws {
        let sealer = try await self.keys.sealer(session.tenantID, .subject(session.userID.rawValue), create: true, on: sql)
        try await sql.execute(
            """
            INSERT INTO sessions (tenant_id, id, token_hash, user_id, audience, stage, csrf_token, created_at, last_seen_at,
                authenticated_at, expires_at, user_agent, source_ip)
            VALUES (\(session.tenantID), \(session.id), \(tokenHash), \(session.userID), \(session.audience.rawValue),
                \(session.stage.rawValue), \(session.csrfToken), \(session.createdAt), \(session.lastSeenAt),
                \(session.authenticatedAt), \(session.expiresAt),
                \(try sealer.seal(session.userAgent, "sessions", "user_agent", session.id)),
                \(try sealer.seal(session.sourceIP, "sessions", "source_ip", session.id)))
            """
        )
    }

    public func find(tokenHash: String, on sql: SQLExecutor) async throws -> StoredSession? {
        try await sql.first(.across(.sessionLookup, "SELECT * FROM sessions WHERE token_hash = \(tokenHash)")).map { try self.decode($0) }
    }

    public func find(_ tenant: TenantID, id: Int64, on sql: SQLExecutor) async throws -> StoredSession? {
        try await sql.first("SELECT * FROM sessions WHERE tenant_id = \(tenant) AND id = \(id)").map { try self.decode($0) }
    }

    public func list(_ tenant: TenantID, user: UserID, audience: Audience, on sql: SQLExecutor) async throws -> [StoredSession] {
        let rows = try await sql.all(
            """
            SELECT * FROM sessions WHERE tenant_id = \(tenant) AND user_id = \(user) AND audience = \(audience.rawValue)
            ORDER BY created_at DESC, id DESC
            """
        )
        guard !rows.isEmpty else { return [] }
        let sealer = try await self.keys.sealer(tenant, .subject(user.rawValue), on: sql)
        return try rows.map { row in
            var session = try self.decode(row)
            session.userAgent = try sealer.open(row, "sessions", "user_agent", session.id)
            session.sourceIP = try sealer.open(row, "sessions", "source_ip", session.id)
            return session
        }
    }

    public func update(_ session: StoredSession, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE sessions SET stage = \(session.stage.rawValue), csrf_token = \(session.csrfToken),
                last_seen_at = \(session.lastSeenAt), authenticated_at = \(session.authenticatedAt)
            WHERE tenant_id = \(session.tenantID) AND id = \(session.id)
            """
        )
    }

    public func replaceToken(_ tenant: TenantID, id: Int64, tokenHash: String, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE sessions SET token_hash = \(tokenHash) WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func delete(_ tenant: TenantID, id: Int64, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM sessions WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func deleteAll(_ tenant: TenantID, user: UserID, except: Int64?, on sql: SQLExecutor) async throws -> Int {
        let count = try await sql.scalar(
            "SELECT count(*) FROM sessions WHERE tenant_id = \(tenant) AND user_id = \(user) AND id != \(except ?? -1)")
        try await sql.execute("DELETE FROM sessions WHERE tenant_id = \(tenant) AND user_id = \(user) AND id != \(except ?? -1)")
        return Int(count)
    }

    public func deleteExpired(_ tenant: TenantID?, now: Timestamp, on sql: SQLExecutor) async throws -> Int {
        // Idle timeouts are per tenant and audience; the resolver enforces them exactly on every request, so the sweep
        // removes only what can never be used again: sessions past their absolute timeout.
        let scope: SQL = tenant.map { "AND tenant_id = \($0)" } ?? ""
        // Without a tenant: the sweep over every tenant's expired sessions.
        let count = try await sql.scalar(.across(.sessionSweep, "SELECT count(*) FROM sessions WHERE expires_at <= \(now) \(scope)"))
        if count > 0 { try await sql.execute(.across(.sessionSweep, "DELETE FROM sessions WHERE expires_at <= \(now) \(scope)")) }
        return Int(count)
    }

    private func decode(_ row: Row) throws -> StoredSession {
        guard let audience = Audience(rawValue: try row.string("audience")),
            let stage = StoredSession.Stage(rawValue: try row.string("stage"))
        else { throw StoreError.database("sessions row with an unknown audience or stage") }
        return StoredSession(
            id: try row.int("id"), tenantID: try row.id("tenant_id"), userID: try row.id("user_id"), audience: audience,
            stage: stage, csrfToken: try row.string("csrf_token"), createdAt: try row.timestamp("created_at"),
            lastSeenAt: try row.timestamp("last_seen_at"), authenticatedAt: try row.timestamp("authenticated_at"),
            expiresAt: try row.timestamp("expires_at"))
    }
}
