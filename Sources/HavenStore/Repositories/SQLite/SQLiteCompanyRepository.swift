public import HavenCore
import HavenCrypto

/// Companies: organisations, not people, so their sealed columns use the tenant data key. Names are unique per
/// tenant through a blind-index token checked against the decrypted candidates.
public struct SQLiteCompanyRepository: CompanyRepository {
    let keys: KeyRing
    static let table = "companies"

    public init(keys: KeyRing) {
        self.keys = keys
    }

    private func sealed(_ company: Company, on sql: SQLExecutor) async throws -> [String: DBValue] {
        let s = try await self.keys.sealer(company.tenantID, .tenant, on: sql)
        let id = company.id.rawValue
        return [
            "name": try s.seal(company.name, Self.table, "name", id),
            "description": try s.seal(company.description, Self.table, "description", id),
            "note": try s.seal(company.note, Self.table, "note", id),
            "domains": try s.sealList(company.domains, Self.table, "domains", id),
        ]
    }

    private func writeToken(_ company: Company, on sql: SQLExecutor) async throws {
        let token = try await self.keys.indexes(company.tenantID, on: sql).companyName.token(TextNormalizer.name(company.name))
        try await IndexTokens.replace(.companyName, company.tenantID, owner: company.id.rawValue, tokens: [token], on: sql)
    }

    public func insert(_ company: Company, on sql: SQLExecutor) async throws {
        let v = try await self.sealed(company, on: sql)
        try await sql.execute(
            """
            INSERT INTO companies (tenant_id, id, name, description, note, domains, custom_fields,
                health_score, account_tier, renewal_date, industry, created_at, updated_at)
            VALUES (\(company.tenantID), \(company.id), \(v["name"]!), \(v["description"]!), \(v["note"]!), \(v["domains"]!),
                \(DBValue.json(company.customFields)), \(company.healthScore), \(company.accountTier),
                \(company.renewalDate), \(company.industry), \(company.createdAt), \(company.updatedAt))
            """
        )
        try await self.writeToken(company, on: sql)
    }

    public func update(_ company: Company, on sql: SQLExecutor) async throws {
        guard company.unreadable == nil else { throw HavenError.unreadable(what: company.recordName, reason: company.unreadable!) }
        let v = try await self.sealed(company, on: sql)
        try await sql.execute(
            """
            UPDATE companies SET name = \(v["name"]!), description = \(v["description"]!), note = \(v["note"]!),
                domains = \(v["domains"]!),
                custom_fields = \(DBValue.json(company.customFields)), health_score = \(company.healthScore),
                account_tier = \(company.accountTier), renewal_date = \(company.renewalDate),
                industry = \(company.industry), updated_at = \(company.updatedAt)
            WHERE tenant_id = \(company.tenantID) AND id = \(company.id)
            """
        )
        try await self.writeToken(company, on: sql)
    }

    /// Deleting a company detaches its contacts and tickets (they stay, without a company).
    public func delete(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE users SET company_id = NULL WHERE tenant_id = \(tenant) AND company_id = \(id)")
        try await sql.execute("UPDATE tickets SET company_id = NULL WHERE tenant_id = \(tenant) AND company_id = \(id)")
        try await sql.execute("DELETE FROM companies WHERE tenant_id = \(tenant) AND id = \(id)")
        try await IndexTokens.delete(.companyName, tenant, owner: id.rawValue, on: sql)
    }

    public func find(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws -> Company? {
        try await self.decode(sql.all("SELECT * FROM companies WHERE tenant_id = \(tenant) AND id = \(id)"), tenant, on: sql).first
    }

    public func find(_ tenant: TenantID, ids: [CompanyID], on sql: SQLExecutor) async throws -> [CompanyID: Company] {
        guard !ids.isEmpty else { return [:] }
        var statement: SQL = "SELECT * FROM companies WHERE tenant_id = \(tenant) AND id IN "
        statement.appendList(Array(Set(ids)).map { .int($0.rawValue) })
        return Dictionary(try await self.decode(sql.all(statement), tenant, on: sql).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The company with this name (case-insensitive, inner spaces collapsed), if any.
    public func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> CompanyID? {
        let wanted = TextNormalizer.name(name)
        let token = try await self.keys.indexes(tenant, on: sql).companyName.token(wanted)
        let candidates = try await IndexTokens.candidates(.companyName, tenant, token: token, on: sql)
        return try await self.find(tenant, ids: candidates.map { CompanyID($0) }, on: sql).values
            .filter { TextNormalizer.name($0.name) == wanted }
            .map(\.id).min()
    }

    public func list(_ tenant: TenantID, updatedSince: Timestamp?, page: PageRequest, on sql: SQLExecutor)
        async throws -> Page<Company>
    {
        var statement: SQL = "SELECT * FROM companies WHERE tenant_id = \(tenant)"
        if let updatedSince {
            statement.append(" AND updated_at >= \(updatedSince)")
        }
        statement.append(" ORDER BY id" + page.limitClause)
        return Page(fetched: try await self.decode(sql.all(statement), tenant, on: sql), request: page)
    }

    /// Companies whose name starts with `name`. Names are sealed, so this reads the tenant's companies (an
    /// organisation list, small next to contacts) and matches in memory.
    public func autocomplete(_ tenant: TenantID, name: String, limit: Int, on sql: SQLExecutor) async throws -> [Company] {
        let wanted = TextNormalizer.name(name)
        let all = try await self.decode(sql.all("SELECT * FROM companies WHERE tenant_id = \(tenant) ORDER BY id"), tenant, on: sql)
        let matches = all.filter { $0.unreadable == nil && TextNormalizer.name($0.name).hasPrefix(wanted) }
            .sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
        return Array(matches.prefix(limit))
    }

    public func search(_ tenant: TenantID, _ search: CompiledSearch, page: PageRequest, on sql: SQLExecutor) async throws
        -> (total: Int64, items: [Company])
    {
        try await SearchExecution.run(
            table: "companies",
            base: "tenant_id = \(tenant)",
            search: search,
            page: page,
            on: sql,
            decode: { rows in try await self.decode(rows, tenant, on: sql) },
            verify: { company, check in
                guard case .domain(let wanted) = check else { return false }
                guard let wanted else { return company.domains.isEmpty && company.unreadable == nil }
                return company.domains.contains { $0.lowercased() == wanted.lowercased() }
            }
        )
    }

    func decode(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [Company] {
        try await self.keys.decode(
            rows,
            tenant,
            on: sql,
            scope: { _ in .tenant },
            { row, sealer in try self.decode(row, sealer) },
            unreadable: { row, reason in
                var company = try self.decodeClear(row, name: "")
                company.unreadable = reason
                return company
            }
        )
    }

    func decodeClear(_ row: Row, name: String) throws -> Company {
        var company = Company(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), name: name, createdAt: try row.timestamp("created_at"))
        company.customFields = try row.jsonObject("custom_fields")
        company.healthScore = try row.optionalString("health_score")
        company.accountTier = try row.optionalString("account_tier")
        company.renewalDate = try row.optionalTimestamp("renewal_date")
        company.industry = try row.optionalString("industry")
        company.updatedAt = try row.timestamp("updated_at")
        return company
    }

    func decode(_ row: Row, _ s: Sealer) throws -> Company {
        let id = try row.int("id")
        var company = try self.decodeClear(row, name: try s.open(row, Self.table, "name", id) ?? "")
        company.description = try s.open(row, Self.table, "description", id)
        company.note = try s.open(row, Self.table, "note", id)
        company.domains = try s.openList(row, Self.table, "domains", id)
        return company
    }
}
