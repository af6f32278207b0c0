public import HavenCore

public struct SQLiteSecurityPolicyRepository: SecurityPolicyRepository {
    let cache: SecurityPolicyCache

    public init(cache: SecurityPolicyCache) {
        self.cache = cache
    }

    public func find(_ tenant: TenantID, on sql: SQLExecutor) async throws -> SecurityPolicy {
        guard let row = try await sql.first("SELECT policy FROM security_policies WHERE tenant_id = \(tenant)") else {
            return SecurityPolicy()
        }
        do {
            return try SecurityPolicyCoding.decode(try row.jsonObject("policy"), over: SecurityPolicy())
        } catch {
            throw StoreError.database("security_policies row that does not decode")
        }
    }

    public func save(_ tenant: TenantID, _ policy: SecurityPolicy, at now: Timestamp, on sql: SQLExecutor) async throws {
        self.cache.changed(tenant, on: sql)
        try await sql.execute(
            """
            INSERT INTO security_policies (tenant_id, policy, updated_at)
            VALUES (\(tenant), \(DBValue.json(SecurityPolicyCoding.encode(policy))), \(now))
            ON CONFLICT (tenant_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at
            """
        )
    }
}
