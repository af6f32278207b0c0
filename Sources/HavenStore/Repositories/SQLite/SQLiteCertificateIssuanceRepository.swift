public import HavenCore

/// What certificate issuance shares between Haven nodes through the database: the http-01 challenge answers (any
/// node's HTTP listener can answer the CA) and lease locks (only one node orders a domain's certificate at a time).
/// Both are deployment-wide on purpose: tokens are random and names are domains, which belong to one tenant.
public struct SQLiteCertificateIssuanceRepository: CertificateIssuanceRepository {
    public init() {}

    public func publish(token: String, domain: String, keyAuthorization: String, expiresAt: Timestamp, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO acme_challenges (token, domain, key_authorization, expires_at)
            VALUES (\(token), \(domain), \(keyAuthorization), \(expiresAt))
            ON CONFLICT (token) DO UPDATE SET domain = excluded.domain, key_authorization = excluded.key_authorization,
                expires_at = excluded.expires_at
            """
        )
    }

    public func withdraw(token: String, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM acme_challenges WHERE token = \(token)")
    }

    /// The key authorization for `token`, if published for `host` and not expired.
    public func answer(token: String, host: String, at now: Timestamp, on sql: SQLExecutor) async throws -> String? {
        try await sql.first(
            "SELECT key_authorization FROM acme_challenges WHERE token = \(token) AND domain = \(host) AND expires_at > \(now)"
        ).map { try $0.string("key_authorization") }
    }

    /// Takes the lease `name` for `owner` until `expiresAt` if it is free, expired, or already this owner's.
    public func acquire(_ name: String, owner: String, until expiresAt: Timestamp, now: Timestamp, on sql: SQLExecutor) async throws -> Bool
    {
        try await sql.execute(
            """
            INSERT INTO tls_locks (name, owner, expires_at) VALUES (\(name), \(owner), \(expiresAt))
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE tls_locks.expires_at <= \(now) OR tls_locks.owner = excluded.owner
            """
        )
        return try await sql.first("SELECT owner FROM tls_locks WHERE name = \(name)").map { try $0.string("owner") } == owner
    }

    public func release(_ name: String, owner: String, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM tls_locks WHERE name = \(name) AND owner = \(owner)")
    }
}
