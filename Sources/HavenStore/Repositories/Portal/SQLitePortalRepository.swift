import Foundation
public import HavenCore
import HavenCrypto

public struct SQLitePortalRepository: PortalRepository {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

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

    public func logo(_ tenant: TenantID, on sql: SQLExecutor) async throws -> PortalLogo? {
        guard let row = try await sql.first("SELECT * FROM portal_logos WHERE tenant_id = \(tenant)") else { return nil }
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        guard let encoded = try sealer.open(row, "portal_logos", "content", tenant.rawValue), let data = Data(base64Encoded: encoded)
        else { throw HavenError.internalFailure("the portal logo of tenant \(tenant) does not open") }
        return PortalLogo(data: Array(data), contentType: try row.string("content_type"), sha256: try row.string("sha256"))
    }

    public func logoDigest(_ tenant: TenantID, on sql: SQLExecutor) async throws -> String? {
        try await sql.first("SELECT sha256 FROM portal_logos WHERE tenant_id = \(tenant)").map { try $0.string("sha256") }
    }

    public func saveLogo(_ tenant: TenantID, _ logo: PortalLogo, at now: Timestamp, on sql: SQLExecutor) async throws {
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        let content = try sealer.seal(Data(logo.data).base64EncodedString(), "portal_logos", "content", tenant.rawValue)
        try await sql.execute(
            """
            INSERT INTO portal_logos (tenant_id, content, content_type, sha256, bytes, updated_at)
            VALUES (\(tenant), \(content), \(logo.contentType), \(logo.sha256), \(Int64(logo.data.count)), \(now))
            ON CONFLICT (tenant_id) DO UPDATE SET content = excluded.content, content_type = excluded.content_type,
                sha256 = excluded.sha256, bytes = excluded.bytes, updated_at = excluded.updated_at
            """
        )
    }

    public func deleteLogo(_ tenant: TenantID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM portal_logos WHERE tenant_id = \(tenant)")
    }

    static func decode(_ row: Row) throws -> ConsentText {
        ConsentText(
            version: try row.int("version"), text: try row.string("text"), sha256: try row.string("sha256"),
            createdAt: try row.timestamp("created_at"))
    }
}
