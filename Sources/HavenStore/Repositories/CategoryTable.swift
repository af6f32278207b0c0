import HavenCore

/// The rows of one table of `ContentCategory` (`solution_categories`, `forum_categories`): the same columns, so one
/// piece of SQL serves both repositories. The table name is a constant of the repository, never input.
struct CategoryTable<Kind>: Sendable {
    let table: String

    func insert(_ category: ContentCategory<Kind>, on sql: SQLExecutor) async throws {
        try await sql.execute(
            SQL(raw: "INSERT INTO \(self.table) (tenant_id, id, name, description, created_at, updated_at) VALUES (")
                + "\(category.tenantID), \(category.id), \(category.name), \(category.description), \(category.createdAt), "
                + "\(category.updatedAt))")
    }

    func update(_ category: ContentCategory<Kind>, on sql: SQLExecutor) async throws {
        try await sql.execute(
            SQL(raw: "UPDATE \(self.table) SET ")
                + "name = \(category.name), description = \(category.description), updated_at = \(category.updatedAt) "
                + "WHERE tenant_id = \(category.tenantID) AND id = \(category.id)")
    }

    func delete(_ tenant: TenantID, _ id: Identifier<Kind>, on sql: SQLExecutor) async throws {
        try await sql.execute(SQL(raw: "DELETE FROM \(self.table) ") + "WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    func find(_ tenant: TenantID, _ id: Identifier<Kind>, on sql: SQLExecutor) async throws -> ContentCategory<Kind>? {
        try await sql.first(SQL(raw: "SELECT * FROM \(self.table) ") + "WHERE tenant_id = \(tenant) AND id = \(id)").map(Self.decode)
    }

    func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> Identifier<Kind>? {
        try await sql.first(SQL(raw: "SELECT id FROM \(self.table) ") + "WHERE tenant_id = \(tenant) AND name = \(name)")
            .map { try $0.id("id") }
    }

    /// Every category of the tenant, by name.
    func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [ContentCategory<Kind>] {
        try await sql.all(SQL(raw: "SELECT * FROM \(self.table) ") + "WHERE tenant_id = \(tenant) ORDER BY name, id").map(Self.decode)
    }

    static func decode(_ row: Row) throws -> ContentCategory<Kind> {
        var category = ContentCategory<Kind>(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), name: try row.string("name"),
            description: try row.optionalString("description"), at: try row.timestamp("created_at"))
        category.updatedAt = try row.timestamp("updated_at")
        return category
    }
}
