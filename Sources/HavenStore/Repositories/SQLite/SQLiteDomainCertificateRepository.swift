public import HavenCore
import HavenCrypto

/// Uploaded certificates for custom domains. The private key is stored key material: sealed under the tenant data
/// key (design.md rule 5); the chain is public.
public struct SQLiteDomainCertificateRepository: DomainCertificateRepository {
    let keys: KeyRing

    /// Inserts or replaces the tenant's certificate for its domain.
    public func save(_ certificate: DomainCertificate, on sql: SQLExecutor) async throws {
        let c = certificate
        sql.transaction?.announce(.certificates)
        let sealer = try await self.keys.sealer(c.tenantID, .tenant, on: sql)
        try await sql.execute(
            """
            INSERT INTO domain_certificates (tenant_id, id, domain, chain_pem, private_key, fingerprint,
                subject_alt_names, not_before, not_after, created_at, updated_at)
            VALUES (\(c.tenantID), \(c.id), \(c.domain), \(c.chainPEM),
                \(try sealer.seal(c.privateKeyPEM, "domain_certificates", "private_key", c.id)), \(c.fingerprint),
                \(DBValue.jsonList(c.subjectAlternativeNames)), \(c.notBefore), \(c.notAfter), \(c.createdAt), \(c.updatedAt))
            ON CONFLICT (tenant_id, id) DO UPDATE SET chain_pem = excluded.chain_pem,
                private_key = excluded.private_key, fingerprint = excluded.fingerprint,
                subject_alt_names = excluded.subject_alt_names, not_before = excluded.not_before,
                not_after = excluded.not_after, updated_at = excluded.updated_at
            """
        )
    }

    /// Who holds a domain, across tenants (a domain belongs to one tenant).
    public func owner(ofDomain domain: String, on sql: SQLExecutor) async throws -> (TenantID, Int64)? {
        try await sql.first(.across(.certificates, "SELECT tenant_id, id FROM domain_certificates WHERE domain = \(domain)")).map {
            (try $0.id("tenant_id"), try $0.int("id"))
        }
    }

    public func find(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws -> DomainCertificate? {
        try await self.decode(sql.all("SELECT * FROM domain_certificates WHERE tenant_id = \(tenant) AND id = \(id)"), on: sql).first
    }

    public func find(_ tenant: TenantID, domain: String, on sql: SQLExecutor) async throws -> DomainCertificate? {
        try await self.decode(
            sql.all("SELECT * FROM domain_certificates WHERE tenant_id = \(tenant) AND domain = \(domain)"), on: sql
        ).first
    }

    public func list(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [DomainCertificate] {
        try await self.decode(sql.all("SELECT * FROM domain_certificates WHERE tenant_id = \(tenant) ORDER BY domain"), on: sql)
    }

    /// Every uploaded certificate, to load into the TLS certificate store at start (each row carries its tenant).
    /// One whose key cannot be opened (an erased tenant, damage) is left out and logged; the others are served.
    public func allForServing(on sql: SQLExecutor) async throws -> [DomainCertificate] {
        let rows = try await sql.all(.across(.certificates, "SELECT * FROM domain_certificates ORDER BY tenant_id, domain"))
        var result: [DomainCertificate] = []
        for (tenant, group) in Dictionary(grouping: rows, by: { (try? $0.int("tenant_id")) ?? 0 }).sorted(by: { $0.key < $1.key }) {
            result += try await self.decode(group, TenantID(tenant), tolerant: true, on: sql)
        }
        return result
    }

    public func delete(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws {
        sql.transaction?.announce(.certificates)
        try await sql.execute("DELETE FROM domain_certificates WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    private func decode(_ rows: [Row], on sql: SQLExecutor) async throws -> [DomainCertificate] {
        guard let first = rows.first else { return [] }
        return try await self.decode(rows, try first.id("tenant_id"), tolerant: false, on: sql)
    }

    private func decode(_ rows: [Row], _ tenant: TenantID, tolerant: Bool, on sql: SQLExecutor) async throws -> [DomainCertificate] {
        try await self.keys.decode(
            rows,
            tenant,
            on: sql,
            scope: { _ in .tenant },
            { row, sealer in try self.decode(row, sealer) },
            unreadable: { row, reason -> DomainCertificate? in
                if tolerant { return nil }
                throw HavenError.unreadable(what: "The certificate for \(try row.string("domain"))", reason: reason)
            }
        ).compactMap { $0 }
    }

    func decode(_ row: Row, _ sealer: Sealer) throws -> DomainCertificate? {
        let tenant: TenantID = try row.id("tenant_id")
        let id = try row.int("id")
        var certificate = DomainCertificate(
            tenantID: tenant,
            id: id,
            domain: try row.string("domain"),
            chainPEM: try row.string("chain_pem"),
            privateKeyPEM: try sealer.open(row, "domain_certificates", "private_key", id) ?? "",
            fingerprint: try row.string("fingerprint"),
            subjectAlternativeNames: try row.stringList("subject_alt_names"),
            notBefore: try row.timestamp("not_before"),
            notAfter: try row.timestamp("not_after"),
            createdAt: try row.timestamp("created_at")
        )
        certificate.updatedAt = try row.timestamp("updated_at")
        return certificate
    }
}
