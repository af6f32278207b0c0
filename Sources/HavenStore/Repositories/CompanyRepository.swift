import HavenCore
import HavenCrypto

public struct CompanyRepository: Sendable {
    let protector: any FieldProtector
    let index: any LookupIndex

    public init(protector: any FieldProtector, index: any LookupIndex) {
        self.protector = protector
        self.index = index
    }

    private func context(_ company: Company, _ column: String) -> FieldContext {
        FieldContext(tenant: company.tenantID, table: "companies", column: column, rowID: company.id.rawValue)
    }

    private func context(_ tenant: TenantID, _ id: CompanyID, _ column: String) -> FieldContext {
        FieldContext(tenant: tenant, table: "companies", column: column, rowID: id.rawValue)
    }

    public func insert(_ company: Company, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO companies (tenant_id, id, name, name_index, description, note, domains, custom_fields,
                health_score, account_tier, renewal_date, industry, created_at, updated_at)
            VALUES (\(company.tenantID), \(company.id), \(try self.protector.seal(company.name, for: self.context(company, "name"))),
                \(self.index.companyName(company.tenantID, company.name)),
                \(try self.protector.seal(company.description, for: self.context(company, "description"))),
                \(try self.protector.seal(company.note, for: self.context(company, "note"))),
                \(try self.protector.sealList(company.domains, for: self.context(company, "domains"))),
                \(DBValue.json(company.customFields)), \(company.healthScore), \(company.accountTier),
                \(company.renewalDate), \(company.industry), \(company.createdAt), \(company.updatedAt))
            """
        )
    }

    public func update(_ company: Company, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE companies SET name = \(try self.protector.seal(company.name, for: self.context(company, "name"))),
                name_index = \(self.index.companyName(company.tenantID, company.name)),
                description = \(try self.protector.seal(company.description, for: self.context(company, "description"))),
                note = \(try self.protector.seal(company.note, for: self.context(company, "note"))),
                domains = \(try self.protector.sealList(company.domains, for: self.context(company, "domains"))),
                custom_fields = \(DBValue.json(company.customFields)), health_score = \(company.healthScore),
                account_tier = \(company.accountTier), renewal_date = \(company.renewalDate),
                industry = \(company.industry), updated_at = \(company.updatedAt)
            WHERE tenant_id = \(company.tenantID) AND id = \(company.id)
            """
        )
    }

    /// Deleting a company detaches its contacts and tickets (they stay, without a company).
    public func delete(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE users SET company_id = NULL WHERE tenant_id = \(tenant) AND company_id = \(id)")
        try await sql.execute("UPDATE tickets SET company_id = NULL WHERE tenant_id = \(tenant) AND company_id = \(id)")
        try await sql.execute("DELETE FROM companies WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func find(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws -> Company? {
        try await sql.first("SELECT * FROM companies WHERE tenant_id = \(tenant) AND id = \(id)").map(self.decode)
    }

    public func find(_ tenant: TenantID, ids: [CompanyID], on sql: SQLExecutor) async throws -> [CompanyID: Company] {
        guard !ids.isEmpty else { return [:] }
        var statement: SQL = "SELECT * FROM companies WHERE tenant_id = \(tenant) AND id IN "
        statement.appendList(Array(Set(ids)).map { .int($0.rawValue) })
        return Dictionary(try await sql.all(statement).map(self.decode).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> CompanyID? {
        try await sql.first(
            "SELECT id FROM companies WHERE tenant_id = \(tenant) AND name_index = \(self.index.companyName(tenant, name))"
        ).map { try $0.id("id") }
    }

    public func list(_ tenant: TenantID, updatedSince: Timestamp?, page: PageRequest, on sql: SQLExecutor)
        async throws -> Page<Company>
    {
        var statement: SQL = "SELECT * FROM companies WHERE tenant_id = \(tenant)"
        if let updatedSince {
            statement.append(" AND updated_at >= \(updatedSince)")
        }
        statement.append(" ORDER BY id" + page.limitClause)
        return Page(fetched: try await sql.all(statement).map(self.decode), request: page)
    }

    public func autocomplete(_ tenant: TenantID, name: String, limit: Int, on sql: SQLExecutor) async throws -> [Company] {
        try await sql.all(
            """
            SELECT * FROM companies WHERE tenant_id = \(tenant) AND name LIKE \(ContactRepository.likePrefix(name)) ESCAPE '\\'
            ORDER BY name COLLATE NOCASE, id LIMIT \(Int64(limit))
            """
        ).map(self.decode)
    }

    public func search(_ tenant: TenantID, where condition: SQL, page: PageRequest, on sql: SQLExecutor) async throws
        -> (total: Int64, items: [Company])
    {
        let base: SQL = "FROM companies WHERE tenant_id = \(tenant) AND (\(condition))"
        let total = try await sql.scalar("SELECT count(*) AS n " + base)
        let items = try await sql.all("SELECT * " + base + " ORDER BY created_at DESC, id DESC" + page.limitClause)
            .map(self.decode)
        return (total, Array(items.prefix(page.perPage)))
    }

    func decode(_ row: Row) throws -> Company {
        let t: TenantID = try row.id("tenant_id")
        let id: CompanyID = try row.id("id")
        var company = Company(
            tenantID: t,
            id: id,
            name: try self.protector.open(row, column: "name", for: self.context(t, id, "name")) ?? "",
            createdAt: try row.timestamp("created_at")
        )
        company.description = try self.protector.open(row, column: "description", for: self.context(t, id, "description"))
        company.note = try self.protector.open(row, column: "note", for: self.context(t, id, "note"))
        company.domains = try self.protector.openList(row, column: "domains", for: self.context(t, id, "domains"))
        company.customFields = try row.jsonObject("custom_fields")
        company.healthScore = try row.optionalString("health_score")
        company.accountTier = try row.optionalString("account_tier")
        company.renewalDate = try row.optionalTimestamp("renewal_date")
        company.industry = try row.optionalString("industry")
        company.updatedAt = try row.timestamp("updated_at")
        return company
    }
}
