public import HavenCore

public struct SQLitePortalRepository: PortalRepository {
    public init() {}

    public func settings(_ tenant: TenantID, on sql: SQLExecutor) async throws -> PortalSettings {
        guard let row = try await sql.first("SELECT settings FROM portal_settings WHERE tenant_id = \(tenant)") else {
            return PortalSettings()
        }
        return PortalSettings(json: try row.jsonObject("settings"))
    }

    public func save(_ tenant: TenantID, _ settings: PortalSettings, at now: Timestamp, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO portal_settings (tenant_id, settings, updated_at) VALUES (\(tenant), \(DBValue.json(settings.json)), \(now))
            ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
            """
        )
    }

    public func consentTexts(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [ConsentText] {
        try await sql.all("SELECT * FROM consent_texts WHERE tenant_id = \(tenant) ORDER BY version DESC").map(Self.decode)
    }

    public func currentConsentText(_ tenant: TenantID, on sql: SQLExecutor) async throws -> ConsentText? {
        try await sql.first("SELECT * FROM consent_texts WHERE tenant_id = \(tenant) ORDER BY version DESC LIMIT 1").map(Self.decode)
    }

    public func consentText(_ tenant: TenantID, version: Int64, on sql: SQLExecutor) async throws -> ConsentText? {
        try await sql.first("SELECT * FROM consent_texts WHERE tenant_id = \(tenant) AND version = \(version)").map(Self.decode)
    }

    public func addConsentText(_ tenant: TenantID, text: String, sha256: String, at now: Timestamp, on sql: SQLExecutor) async throws
        -> ConsentText
    {
        let version = try await sql.scalar("SELECT coalesce(max(version), 0) + 1 FROM consent_texts WHERE tenant_id = \(tenant)")
        try await sql.execute(
            """
            INSERT INTO consent_texts (tenant_id, version, text, sha256, created_at)
            VALUES (\(tenant), \(version), \(text), \(sha256), \(now))
            """
        )
        return ConsentText(version: version, text: text, sha256: sha256, createdAt: now)
    }

    static func decode(_ row: Row) throws -> ConsentText {
        ConsentText(
            version: try row.int("version"), text: try row.string("text"), sha256: try row.string("sha256"),
            createdAt: try row.timestamp("created_at"))
    }
}
