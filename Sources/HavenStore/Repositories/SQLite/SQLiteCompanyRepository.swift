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
            "custom_fields": try s.sealObject(company.customFields, Self.table, "custom_fields", id),
        ]
    }

    private func writeToken(_ company: Company, on sql: SQLExecutor) async throws {
        let token = try await self.keys.indexes(company.tenantID, on: sql).companyName.token(TextNormalizer.name(company.name))
        try await IndexTokens.replace(.companyName, company.tenantID, owner: company.id.rawValue, tokens: [token], on: sql)
    }

    public func removeCustomValue(_ name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> Int {
        let rows = try await sql.all(
            "SELECT id, custom_fields FROM companies WHERE tenant_id = \(tenant) AND length(custom_fields) > 0")
        guard !rows.isEmpty else { return 0 }
        let s = try await self.keys.sealer(tenant, .tenant, on: sql)
        var changed = 0
        for row in rows {
            let id = try row.int("id")
            var values = try s.openObject(row, Self.table, "custom_fields", id)
            guard values[name] != nil else { continue }
            values[name] = nil
            try await sql.execute(
                """
                UPDATE companies SET custom_fields = \(try s.sealObject(values, Self.table, "custom_fields", id))
                WHERE tenant_id = \(tenant) AND id = \(id)
                """)
            changed += 1
        }
        return changed
    }

    public func insert(_ company: Company, on sql: SQLExecutor) async throws {
        let v = try await self.sealed(company, on: sql)
        try await sql.execute(
            """
            INSERT INTO companies (tenant_id, id, name, description, note, domains, custom_fields,
                health_score, account_tier, renewal_date, industry, created_at, updated_at)
            VALUES (\(company.tenantID), \(company.id), \(v["name"]!), \(v["description"]!), \(v["note"]!), \(v["domains"]!),
                \(v["custom_fields"]!), \(company.healthScore), \(company.accountTier),
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
                custom_fields = \(v["custom_fields"]!), health_score = \(company.healthScore),
                account_tier = \(company.accountTier), renewal_date = \(company.renewalDate),
                industry = \(company.industry), updated_at = \(company.updatedAt)
            WHERE tenant_id = \(company.tenantID) AND id = \(company.id)
            """
        )
        try await self.writeToken(company, on: sql)
    }

    /// Deleting a company for good detaches its contacts and tickets (they stay, without the company); a trashed one
    /// has no attachments left.
    public func delete(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws {
        _ = try await self.detach(tenant, id, at: nil, on: sql)
        try await sql.execute("DELETE FROM companies WHERE tenant_id = \(tenant) AND id = \(id)")
        try await IndexTokens.delete(.companyName, tenant, owner: id.rawValue, on: sql)
    }

    public func moveToTrash(_ tenant: TenantID, _ id: CompanyID, at now: Timestamp, on sql: SQLExecutor) async throws
        -> DetachedFromCompany
    {
        let detached = try await self.detach(tenant, id, at: now, on: sql)
        var record = JSONObject()
        record.append("contacts", .ids(detached.contacts))
        record.append("other_contacts", .ids(detached.otherContacts))
        record.append("tickets", .ids(detached.tickets))
        try await sql.execute(
            """
            UPDATE companies SET deleted_at = \(now), detached = \(DBValue.json(record))
            WHERE tenant_id = \(tenant) AND id = \(id) AND deleted_at IS NULL
            """
        )
        return detached
    }

    /// Takes the company off its contacts (main and other companies) and tickets; `now` stamps them as changed (nil for
    /// a company already detached by its move to the trash). Returns what it took it off.
    private func detach(_ tenant: TenantID, _ id: CompanyID, at now: Timestamp?, on sql: SQLExecutor) async throws -> DetachedFromCompany {
        let others: SQL = "\(id) IN \(sql.jsonElements("users.other_companies", integers: true))"
        let detached = DetachedFromCompany(
            contacts: try await sql.all("SELECT id FROM users WHERE tenant_id = \(tenant) AND company_id = \(id) ORDER BY id")
                .map { UserID(try $0.int("id")) },
            otherContacts: try await sql.all("SELECT id FROM users WHERE tenant_id = \(tenant) AND \(others) ORDER BY id")
                .map { UserID(try $0.int("id")) },
            tickets: try await sql.all("SELECT id FROM tickets WHERE tenant_id = \(tenant) AND company_id = \(id) ORDER BY id")
                .map { TicketID(try $0.int("id")) })
        let stamp: SQL = now.map { ", updated_at = \($0)" } ?? ""
        try await sql.execute("UPDATE users SET company_id = NULL \(stamp) WHERE tenant_id = \(tenant) AND company_id = \(id)")
        try await sql.execute(
            """
            UPDATE users SET other_companies = \(sql.jsonRemoving("users.other_companies", id.rawValue)) \(stamp)
            WHERE tenant_id = \(tenant) AND \(others)
            """
        )
        try await sql.execute("UPDATE tickets SET company_id = NULL \(stamp) WHERE tenant_id = \(tenant) AND company_id = \(id)")
        return detached
    }

    public func restore(_ tenant: TenantID, _ id: CompanyID, at now: Timestamp, on sql: SQLExecutor) async throws
        -> DetachedFromCompany
    {
        // Each list is read from the company's own row: no list of ids is bound, however many tickets it had.
        func listed(_ key: String) -> SQL {
            sql.jsonElements("(SELECT c.detached FROM companies c WHERE c.tenant_id = \(tenant) AND c.id = \(id))", key: key)
        }
        let contacts = try await sql.all(
            """
            UPDATE users SET company_id = \(id), updated_at = \(now)
            WHERE tenant_id = \(tenant) AND company_id IS NULL AND id IN \(listed("contacts")) RETURNING id
            """
        ).map { UserID(try $0.int("id")) }
        let otherContacts = try await sql.all(
            """
            UPDATE users SET other_companies = \(sql.jsonAppending("other_companies", id.rawValue)), updated_at = \(now)
            WHERE tenant_id = \(tenant) AND id IN \(listed("other_contacts")) AND company_id IS DISTINCT FROM \(id)
                AND \(id) NOT IN \(sql.jsonElements("users.other_companies", integers: true)) RETURNING id
            """
        ).map { UserID(try $0.int("id")) }
        let tickets = try await sql.all(
            """
            UPDATE tickets SET company_id = \(id), updated_at = \(now)
            WHERE tenant_id = \(tenant) AND company_id IS NULL AND id IN \(listed("tickets")) RETURNING id
            """
        ).map { TicketID(try $0.int("id")) }
        try await sql.execute(
            "UPDATE companies SET deleted_at = NULL, detached = '{}', updated_at = \(now) WHERE tenant_id = \(tenant) AND id = \(id)")
        return DetachedFromCompany(contacts: contacts.sorted(), otherContacts: otherContacts.sorted(), tickets: tickets.sorted())
    }

    public func detached(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws -> DetachedFromCompany {
        guard let row = try await sql.first("SELECT detached FROM companies WHERE tenant_id = \(tenant) AND id = \(id)") else {
            return DetachedFromCompany()
        }
        let record = try row.jsonObject("detached")
        func ids(_ key: String) -> [Int64] { record[key]?.arrayValue?.compactMap(\.intValue) ?? [] }
        return DetachedFromCompany(
            contacts: ids("contacts").map { UserID($0) }, otherContacts: ids("other_contacts").map { UserID($0) },
            tickets: ids("tickets").map { TicketID($0) })
    }

    private static func condition(_ shelf: CompanyShelf) -> SQL {
        shelf == .live ? " AND deleted_at IS NULL" : " AND deleted_at IS NOT NULL"
    }

    public func find(_ tenant: TenantID, _ id: CompanyID, on shelf: CompanyShelf, sql: SQLExecutor) async throws -> Company? {
        try await self.decode(
            sql.all("SELECT * FROM companies WHERE tenant_id = \(tenant) AND id = \(id)" + Self.condition(shelf)), tenant, on: sql
        ).first
    }

    public func find(_ tenant: TenantID, ids: [CompanyID], on shelf: CompanyShelf, sql: SQLExecutor) async throws
        -> [CompanyID: Company]
    {
        guard !ids.isEmpty else { return [:] }
        var statement: SQL = "SELECT * FROM companies WHERE tenant_id = \(tenant)" + Self.condition(shelf) + " AND id IN "
        statement.appendList(Array(Set(ids)).map { .int($0.rawValue) })
        return Dictionary(try await self.decode(sql.all(statement), tenant, on: sql).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func trash(_ tenant: TenantID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Company> {
        let statement: SQL =
            "SELECT * FROM companies WHERE tenant_id = \(tenant) AND deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC"
            + page.limitClause
        return Page(fetched: try await self.decode(sql.all(statement), tenant, on: sql), request: page)
    }

    public func trashed(_ tenant: TenantID, before cutoff: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [CompanyID] {
        try await sql.all(
            """
            SELECT id FROM companies WHERE tenant_id = \(tenant) AND deleted_at IS NOT NULL AND deleted_at < \(cutoff)
            ORDER BY deleted_at, id LIMIT \(Int64(limit))
            """
        ).map { CompanyID(try $0.int("id")) }
    }

    /// The live company with this name (case-insensitive, inner spaces collapsed), if any.
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
        var statement: SQL = "SELECT * FROM companies WHERE tenant_id = \(tenant) AND deleted_at IS NULL"
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
        let all = try await self.decode(
            sql.all("SELECT * FROM companies WHERE tenant_id = \(tenant) AND deleted_at IS NULL ORDER BY id"), tenant, on: sql)
        let matches = all.filter { $0.unreadable == nil && TextNormalizer.name($0.name).hasPrefix(wanted) }
            .sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
        return Array(matches.prefix(limit))
    }

    public func search(_ tenant: TenantID, _ search: CompiledSearch, page: PageRequest, on sql: SQLExecutor) async throws
        -> (total: Int64, items: [Company])
    {
        try await SearchExecution.run(
            table: "companies",
            base: "tenant_id = \(tenant) AND deleted_at IS NULL",
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
        company.healthScore = try row.optionalString("health_score")
        company.accountTier = try row.optionalString("account_tier")
        company.renewalDate = try row.optionalTimestamp("renewal_date")
        company.industry = try row.optionalString("industry")
        company.updatedAt = try row.timestamp("updated_at")
        company.deletedAt = try row.optionalTimestamp("deleted_at")
        return company
    }

    func decode(_ row: Row, _ s: Sealer) throws -> Company {
        let id = try row.int("id")
        var company = try self.decodeClear(row, name: try s.open(row, Self.table, "name", id) ?? "")
        company.description = try s.open(row, Self.table, "description", id)
        company.note = try s.open(row, Self.table, "note", id)
        company.domains = try s.openList(row, Self.table, "domains", id)
        company.customFields = try s.openObject(row, Self.table, "custom_fields", id)
        return company
    }
}
