public import HavenCore

public struct SQLiteSignInLockRepository: SignInLockRepository {
    public init() {}

    public func find(_ tenant: TenantID, subject: String, on sql: SQLExecutor) async throws -> LockoutState? {
        guard let row = try await sql.first("SELECT * FROM sign_in_locks WHERE tenant_id = \(tenant) AND subject = \(subject)") else {
            return nil
        }
        var state = LockoutState()
        state.failures = Int(try row.int("failures"))
        state.windowStart = try row.int("window_start")
        state.lockedUntil = try row.optionalInt("locked_until")
        state.locks = Int(try row.int("locks"))
        state.lastLockAt = try row.optionalInt("last_lock_at")
        return state
    }

    public func save(_ tenant: TenantID, subject: String, kind: SignInLockKind, _ state: LockoutState, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO sign_in_locks (tenant_id, subject, kind, failures, window_start, locked_until, locks, last_lock_at)
            VALUES (\(tenant), \(subject), \(kind.rawValue), \(Int64(state.failures)), \(state.windowStart), \(state.lockedUntil),
                \(Int64(state.locks)), \(state.lastLockAt))
            ON CONFLICT (tenant_id, subject) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
                locked_until = excluded.locked_until, locks = excluded.locks, last_lock_at = excluded.last_lock_at
            """
        )
    }

    public func delete(_ tenant: TenantID, subject: String, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM sign_in_locks WHERE tenant_id = \(tenant) AND subject = \(subject)")
    }

    public func deleteAll(_ tenant: TenantID, kind: SignInLockKind, on sql: SQLExecutor) async throws -> Int {
        let count = try await sql.scalar(
            "SELECT count(*) FROM sign_in_locks WHERE tenant_id = \(tenant) AND kind = \(kind.rawValue) AND locked_until IS NOT NULL")
        try await sql.execute("DELETE FROM sign_in_locks WHERE tenant_id = \(tenant) AND kind = \(kind.rawValue)")
        return Int(count)
    }

    public func countLocked(_ tenant: TenantID, kind: SignInLockKind, at now: Timestamp, on sql: SQLExecutor) async throws -> Int {
        Int(
            try await sql.scalar(
                """
                SELECT count(*) FROM sign_in_locks
                WHERE tenant_id = \(tenant) AND kind = \(kind.rawValue) AND locked_until > \(now.secondsSince1970)
                """
            ))
    }
}
