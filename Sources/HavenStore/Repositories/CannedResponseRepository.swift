public import HavenCore
import HavenCrypto

/// Canned responses and their folders, per tenant; responses sealed under the tenant's data key.
public protocol CannedResponseRepository: Sendable {
    func insert(_ folder: CannedFolder, on sql: SQLExecutor) async throws
    func update(_ folder: CannedFolder, on sql: SQLExecutor) async throws
    func folder(_ tenant: TenantID, _ id: CannedFolderID, on sql: SQLExecutor) async throws -> CannedFolder?
    func folder(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> CannedFolderID?
    /// Every folder with its count of responses, by name.
    func folders(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [CannedFolder]
    func insert(_ response: CannedResponse, on sql: SQLExecutor) async throws
    func update(_ response: CannedResponse, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: CannedResponseID, on sql: SQLExecutor) async throws
    func response(_ tenant: TenantID, _ id: CannedResponseID, on sql: SQLExecutor) async throws -> CannedResponse?
    /// A folder's responses (every folder's when nil), by title.
    func responses(_ tenant: TenantID, folder: CannedFolderID?, on sql: SQLExecutor) async throws -> [CannedResponse]
}

public struct SQLiteCannedResponseRepository: CannedResponseRepository {
    static let table = "canned_responses"
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    public func insert(_ folder: CannedFolder, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO canned_folders (tenant_id, id, name, created_at, updated_at)
            VALUES (\(folder.tenantID), \(folder.id), \(folder.name), \(folder.createdAt), \(folder.updatedAt))
            """
        )
    }

    public func update(_ folder: CannedFolder, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE canned_folders SET name = \(folder.name), updated_at = \(folder.updatedAt)
            WHERE tenant_id = \(folder.tenantID) AND id = \(folder.id)
            """
        )
    }

    public func folder(_ tenant: TenantID, _ id: CannedFolderID, on sql: SQLExecutor) async throws -> CannedFolder? {
        try await self.folders(tenant, only: id, on: sql).first
    }

    public func folder(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> CannedFolderID? {
        try await sql.first("SELECT id FROM canned_folders WHERE tenant_id = \(tenant) AND name = \(name)").map { try $0.id("id") }
    }

    public func folders(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [CannedFolder] {
        try await self.folders(tenant, only: nil, on: sql)
    }

    private func folders(_ tenant: TenantID, only id: CannedFolderID?, on sql: SQLExecutor) async throws -> [CannedFolder] {
        var statement: SQL = """
            SELECT f.*, (SELECT count(*) FROM canned_responses r WHERE r.tenant_id = f.tenant_id AND r.folder_id = f.id) AS responses
            FROM canned_folders f WHERE f.tenant_id = \(tenant)
            """
        if let id { statement.append(" AND f.id = \(id)") }
        statement.append(" ORDER BY f.name, f.id")
        return try await sql.all(statement).map { row in
            var folder = CannedFolder(
                tenantID: tenant, id: try row.id("id"), name: try row.string("name"), at: try row.timestamp("created_at"))
            folder.updatedAt = try row.timestamp("updated_at")
            folder.responsesCount = try row.int("responses")
            return folder
        }
    }

    public func insert(_ response: CannedResponse, on sql: SQLExecutor) async throws {
        let s = try await self.keys.sealer(response.tenantID, .tenant, on: sql)
        let id = response.id.rawValue
        try await sql.execute(
            """
            INSERT INTO canned_responses (tenant_id, id, folder_id, title, content_html, created_at, updated_at)
            VALUES (\(response.tenantID), \(response.id), \(response.folderID), \(try s.seal(response.title, Self.table, "title", id)),
                \(try s.seal(response.contentHTML, Self.table, "content_html", id)), \(response.createdAt), \(response.updatedAt))
            """
        )
    }

    public func update(_ response: CannedResponse, on sql: SQLExecutor) async throws {
        let s = try await self.keys.sealer(response.tenantID, .tenant, on: sql)
        let id = response.id.rawValue
        try await sql.execute(
            """
            UPDATE canned_responses SET folder_id = \(response.folderID), title = \(try s.seal(response.title, Self.table, "title", id)),
                content_html = \(try s.seal(response.contentHTML, Self.table, "content_html", id)), updated_at = \(response.updatedAt)
            WHERE tenant_id = \(response.tenantID) AND id = \(response.id)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: CannedResponseID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM canned_responses WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func response(_ tenant: TenantID, _ id: CannedResponseID, on sql: SQLExecutor) async throws -> CannedResponse? {
        let row = try await sql.first("SELECT * FROM canned_responses WHERE tenant_id = \(tenant) AND id = \(id)")
        guard let row else { return nil }
        return try self.decode(row, try await self.keys.sealer(tenant, .tenant, on: sql))
    }

    public func responses(_ tenant: TenantID, folder: CannedFolderID?, on sql: SQLExecutor) async throws -> [CannedResponse] {
        var statement: SQL = "SELECT * FROM canned_responses WHERE tenant_id = \(tenant)"
        if let folder { statement.append(" AND folder_id = \(folder)") }
        let rows = try await sql.all(statement)
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        return try rows.map { try self.decode($0, sealer) }.sorted {
            ($0.title.lowercased(), $0.id.rawValue) < ($1.title.lowercased(), $1.id.rawValue)
        }
    }

    func decode(_ row: Row, _ s: Sealer) throws -> CannedResponse {
        let id = try row.int("id")
        var response = CannedResponse(
            tenantID: try row.id("tenant_id"), id: CannedResponseID(id), folderID: try row.id("folder_id"),
            title: try s.open(row, Self.table, "title", id) ?? "", contentHTML: try s.open(row, Self.table, "content_html", id) ?? "",
            at: try row.timestamp("created_at"))
        response.updatedAt = try row.timestamp("updated_at")
        return response
    }
}
