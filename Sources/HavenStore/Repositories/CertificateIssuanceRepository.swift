public import HavenCore

/// ACME http-01 challenge answers and lease locks. Cross-tenant by design: a challenge is answered by host name, a lock is named by domain.
public protocol CertificateIssuanceRepository: Sendable {
    func publish(token: String, domain: String, keyAuthorization: String, expiresAt: Timestamp, on sql: SQLExecutor) async throws
    func withdraw(token: String, on sql: SQLExecutor) async throws
    /// The key authorization for `token`, if published for `host` and not expired.
    func answer(token: String, host: String, at now: Timestamp, on sql: SQLExecutor) async throws -> String?
    /// Takes the lease `name` for `owner` until `expiresAt` if it is free, expired, or already this owner's.
    func acquire(_ name: String, owner: String, until expiresAt: Timestamp, now: Timestamp, on sql: SQLExecutor) async throws -> Bool
    func release(_ name: String, owner: String, on sql: SQLExecutor) async throws
}
