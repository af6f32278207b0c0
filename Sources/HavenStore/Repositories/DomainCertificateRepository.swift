import HavenCore

public struct DomainCertificateRepository: Sendable {
    let protector: any FieldProtector

    private func keyContext(_ tenant: TenantID, _ id: Int64) -> FieldContext {
        FieldContext(tenant: tenant, table: "domain_certificates", column: "private_key", rowID: id)
    }

    /// Inserts or replaces the tenant's certificate for its domain.
    public func save(_ certificate: DomainCertificate, on sql: SQLExecutor) async throws {
        let c = certificate
        try await sql.execute(
            """
            INSERT INTO domain_certificates (tenant_id, id, domain, chain_pem, private_key, fingerprint,
                subject_alt_names, not_before, not_after, created_at, updated_at)
            VALUES (\(c.tenantID), \(c.id), \(c.domain), \(c.chainPEM),
                \(try self.protector.seal(c.privateKeyPEM, for: self.keyContext(c.tenantID, c.id))), \(c.fingerprint),
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
        try await sql.first("SELECT tenant_id, id FROM domain_certificates WHERE domain = \(domain)").map {
            (try $0.id("tenant_id"), try $0.int("id"))
        }
    }

    public func find(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws -> DomainCertificate? {
        try await sql.first("SELECT * FROM domain_certificates WHERE tenant_id = \(tenant) AND id = \(id)").map(self.decode)
    }

    public func list(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [DomainCertificate] {
        try await sql.all("SELECT * FROM domain_certificates WHERE tenant_id = \(tenant) ORDER BY domain").map(self.decode)
    }

    /// Every uploaded certificate, to load into the TLS certificate store at start (each row carries its tenant).
    public func allForServing(on sql: SQLExecutor) async throws -> [DomainCertificate] {
        try await sql.all("SELECT * FROM domain_certificates ORDER BY tenant_id, domain").map(self.decode)
    }

    public func delete(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM domain_certificates WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    func decode(_ row: Row) throws -> DomainCertificate {
        let tenant: TenantID = try row.id("tenant_id")
        let id = try row.int("id")
        var certificate = DomainCertificate(
            tenantID: tenant,
            id: id,
            domain: try row.string("domain"),
            chainPEM: try row.string("chain_pem"),
            privateKeyPEM: try self.protector.open(row, column: "private_key", for: self.keyContext(tenant, id)) ?? "",
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
