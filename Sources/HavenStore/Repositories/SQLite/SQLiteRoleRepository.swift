public import HavenCore

public struct SQLiteRoleRepository: RoleRepository {
    public init() {}

    /// The three roles every tenant starts with, one per `AgentRole`.
    public func seed(_ tenant: TenantID, at now: Timestamp, on sql: SQLExecutor) async throws {
        for key in AgentRole.allCases {
            let id = RoleID(try await IDSequences.next("roles", on: sql))
            try await sql.execute(
                """
                INSERT INTO roles (tenant_id, id, role_key, name, description, is_default, created_at, updated_at)
                VALUES (\(tenant), \(id), \(key.rawValue), \(key.displayName), \(key.roleDescription), 1, \(now), \(now))
                """
            )
        }
    }

    public func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Role] {
        try await sql.all("SELECT * FROM roles WHERE tenant_id = \(tenant) ORDER BY id").map(Self.decode)
    }

    public func find(_ tenant: TenantID, _ id: RoleID, on sql: SQLExecutor) async throws -> Role? {
        try await sql.first("SELECT * FROM roles WHERE tenant_id = \(tenant) AND id = \(id)").map(Self.decode)
    }

    static func decode(_ row: Row) throws -> Role {
        var role = Role(
            tenantID: try row.id("tenant_id"),
            id: try row.id("id"),
            key: AgentRole(rawValue: try row.string("role_key")) ?? .agent,
            name: try row.string("name"),
            description: try row.string("description"),
            isDefault: try row.bool("is_default"),
            createdAt: try row.timestamp("created_at")
        )
        role.updatedAt = try row.timestamp("updated_at")
        return role
    }
}
