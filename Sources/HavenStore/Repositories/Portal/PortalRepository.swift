public import HavenCore

/// Each tenant's portal settings and the versions of its consent text.
public protocol PortalRepository: Sendable {
    /// The settings, or the defaults when the tenant never saved any.
    func settings(_ tenant: TenantID, on sql: SQLExecutor) async throws -> PortalSettings
    func save(_ tenant: TenantID, _ settings: PortalSettings, at now: Timestamp, on sql: SQLExecutor) async throws
    /// Every version, newest first.
    func consentTexts(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [ConsentText]
    func currentConsentText(_ tenant: TenantID, on sql: SQLExecutor) async throws -> ConsentText?
    func consentText(_ tenant: TenantID, version: Int64, on sql: SQLExecutor) async throws -> ConsentText?
    /// Adds `text` as the next version and returns it.
    func addConsentText(_ tenant: TenantID, text: String, sha256: String, at now: Timestamp, on sql: SQLExecutor) async throws
        -> ConsentText
    /// The logo, opened; nil when the tenant has none.
    func logo(_ tenant: TenantID, on sql: SQLExecutor) async throws -> PortalLogo?
    /// The logo's SHA-256 without opening it (links and revalidation); nil when there is none.
    func logoDigest(_ tenant: TenantID, on sql: SQLExecutor) async throws -> String?
    func saveLogo(_ tenant: TenantID, _ logo: PortalLogo, at now: Timestamp, on sql: SQLExecutor) async throws
    func deleteLogo(_ tenant: TenantID, on sql: SQLExecutor) async throws
}

/// The consent ledger: records are added, never changed; they go with the person (hard delete, erasure, purge).
public protocol ConsentRepository: Sendable {
    func insert(_ record: ConsentRecord, on sql: SQLExecutor) async throws
    /// A person's records, newest first.
    func list(_ tenant: TenantID, contact: UserID, on sql: SQLExecutor) async throws -> [ConsentRecord]
}
