public import HavenCore

/// Vendor access: the end date of an occasional agent's access.
extension SQLiteAgentRepository {
    public func accessEnds(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Timestamp? {
        try await sql.first("SELECT access_ends_at FROM agents WHERE tenant_id = \(tenant) AND user_id = \(id)")?
            .optionalTimestamp("access_ends_at")
    }

    public func setAccessEnds(_ tenant: TenantID, _ id: UserID, _ end: Timestamp?, on sql: SQLExecutor) async throws {
        self.credentials.credentialsChanged(on: sql)
        try await sql.execute("UPDATE agents SET access_ends_at = \(end) WHERE tenant_id = \(tenant) AND user_id = \(id)")
    }

    public func accessEnded(at now: Timestamp, on sql: SQLExecutor) async throws -> [(TenantID, UserID)] {
        try await sql.all(
            .across(
                .accessEnds,
                """
                SELECT a.tenant_id, a.user_id FROM agents a
                WHERE a.access_ends_at IS NOT NULL AND a.access_ends_at <= \(now)
                    AND (EXISTS (SELECT 1 FROM sessions s WHERE s.tenant_id = a.tenant_id AND s.user_id = a.user_id)
                        OR EXISTS (SELECT 1 FROM api_keys k WHERE k.tenant_id = a.tenant_id AND k.user_id = a.user_id
                            AND k.revoked_at IS NULL))
                ORDER BY a.tenant_id, a.user_id
                """)
        ).map { (try $0.id("tenant_id"), try $0.id("user_id")) }
    }
}
