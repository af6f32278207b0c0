import HavenCore
import HavenCrypto

/// Contacts and the user rows behind agents. Every method takes the tenant; sensitive columns go through the
/// `FieldProtector`, lookups through the `LookupIndex` keys.
public struct ContactRepository: Sendable {
    let protector: any FieldProtector
    let index: any LookupIndex

    public init(protector: any FieldProtector, index: any LookupIndex) {
        self.protector = protector
        self.index = index
    }

    public enum State: String, Sendable, CaseIterable {
        case blocked, deleted, unverified, verified
    }

    public struct Filter: Sendable {
        public var email: String?
        public var phone: String?
        public var mobile: String?
        public var companyID: CompanyID?
        public var state: State?
        public var updatedSince: Timestamp?

        public init() {}
    }

    private func context(_ tenant: TenantID, _ id: UserID, _ column: String) -> FieldContext {
        FieldContext(tenant: tenant, table: "users", column: column, rowID: id.rawValue)
    }

    public func insert(_ contact: Contact, on sql: SQLExecutor) async throws {
        let t = contact.tenantID
        let id = contact.id
        try await sql.execute(
            """
            INSERT INTO users (tenant_id, id, name, email, email_index, phone, phone_index, mobile, mobile_index,
                twitter_id, unique_external_id, other_emails, company_id, view_all_tickets, other_companies, address,
                description, job_title, language, time_zone, tags, custom_fields, active, deleted, blocked, is_agent,
                created_at, updated_at)
            VALUES (\(t), \(id), \(try self.protector.seal(contact.name, for: self.context(t, id, "name"))),
                \(try self.protector.seal(contact.email, for: self.context(t, id, "email"))),
                \(contact.email.map { self.index.email(t, $0) }),
                \(try self.protector.seal(contact.phone, for: self.context(t, id, "phone"))),
                \(contact.phone.map { self.index.phone(t, $0) }),
                \(try self.protector.seal(contact.mobile, for: self.context(t, id, "mobile"))),
                \(contact.mobile.map { self.index.phone(t, $0) }),
                \(contact.twitterID), \(contact.uniqueExternalID),
                \(try self.protector.sealList(contact.otherEmails, for: self.context(t, id, "other_emails"))),
                \(contact.companyID), \(contact.viewAllTickets), \(DBValue.jsonIDs(contact.otherCompanies)),
                \(try self.protector.seal(contact.address, for: self.context(t, id, "address"))),
                \(try self.protector.seal(contact.description, for: self.context(t, id, "description"))),
                \(contact.jobTitle), \(contact.language), \(contact.timeZone), \(DBValue.jsonList(contact.tags)),
                \(try self.protector.sealObject(contact.customFields, for: self.context(t, id, "custom_fields"))),
                \(contact.active), \(contact.deleted), \(contact.blocked), \(contact.isAgent),
                \(contact.createdAt), \(contact.updatedAt))
            """
        )
        try await self.writeEmails(contact, on: sql)
    }

    public func update(_ contact: Contact, on sql: SQLExecutor) async throws {
        let t = contact.tenantID
        let id = contact.id
        try await sql.execute(
            """
            UPDATE users SET
                name = \(try self.protector.seal(contact.name, for: self.context(t, id, "name"))),
                email = \(try self.protector.seal(contact.email, for: self.context(t, id, "email"))),
                email_index = \(contact.email.map { self.index.email(t, $0) }),
                phone = \(try self.protector.seal(contact.phone, for: self.context(t, id, "phone"))),
                phone_index = \(contact.phone.map { self.index.phone(t, $0) }),
                mobile = \(try self.protector.seal(contact.mobile, for: self.context(t, id, "mobile"))),
                mobile_index = \(contact.mobile.map { self.index.phone(t, $0) }),
                twitter_id = \(contact.twitterID), unique_external_id = \(contact.uniqueExternalID),
                other_emails = \(try self.protector.sealList(contact.otherEmails, for: self.context(t, id, "other_emails"))),
                company_id = \(contact.companyID), view_all_tickets = \(contact.viewAllTickets),
                other_companies = \(DBValue.jsonIDs(contact.otherCompanies)),
                address = \(try self.protector.seal(contact.address, for: self.context(t, id, "address"))),
                description = \(try self.protector.seal(contact.description, for: self.context(t, id, "description"))),
                job_title = \(contact.jobTitle), language = \(contact.language), time_zone = \(contact.timeZone),
                tags = \(DBValue.jsonList(contact.tags)),
                custom_fields = \(try self.protector.sealObject(contact.customFields, for: self.context(t, id, "custom_fields"))),
                active = \(contact.active), deleted = \(contact.deleted), blocked = \(contact.blocked),
                is_agent = \(contact.isAgent), updated_at = \(contact.updatedAt)
            WHERE tenant_id = \(t) AND id = \(id)
            """
        )
        try await sql.execute("DELETE FROM user_emails WHERE tenant_id = \(t) AND user_id = \(id)")
        try await self.writeEmails(contact, on: sql)
    }

    /// The primary and other e-mails, each unique within the tenant: the table's primary key is the final word on
    /// duplicates even if a caller skipped the friendly 409 check.
    private func writeEmails(_ contact: Contact, on sql: SQLExecutor) async throws {
        var seen = Set<String>()
        let all = (contact.email.map { [($0, true)] } ?? []) + contact.otherEmails.map { ($0, false) }
        for (email, isPrimary) in all {
            let key = self.index.email(contact.tenantID, email)
            guard seen.insert(key).inserted else { continue }
            try await sql.execute(
                """
                INSERT INTO user_emails (tenant_id, email_index, user_id, is_primary)
                VALUES (\(contact.tenantID), \(key), \(contact.id), \(isPrimary))
                """
            )
        }
    }

    /// The user (contact or agent) that already holds an e-mail address, if any.
    public func userID(email: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID? {
        try await sql.first(
            "SELECT user_id FROM user_emails WHERE tenant_id = \(tenant) AND email_index = \(self.index.email(tenant, email))"
        ).map { try $0.id("user_id") }
    }

    public func userID(externalID: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID? {
        try await sql.first(
            "SELECT id FROM users WHERE tenant_id = \(tenant) AND unique_external_id = \(externalID)"
        ).map { try $0.id("id") }
    }

    public func userID(twitterID: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID? {
        try await sql.first("SELECT id FROM users WHERE tenant_id = \(tenant) AND twitter_id = \(twitterID)")
            .map { try $0.id("id") }
    }

    public func userID(phone: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID? {
        let key = self.index.phone(tenant, phone)
        return try await sql.first(
            """
            SELECT id FROM users WHERE tenant_id = \(tenant) AND (phone_index = \(key) OR mobile_index = \(key))
            ORDER BY id LIMIT 1
            """
        ).map { try $0.id("id") }
    }

    /// Any user row, contact or agent.
    public func find(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Contact? {
        try await sql.first("SELECT * FROM users WHERE tenant_id = \(tenant) AND id = \(id)").map(self.decode)
    }

    /// A contact that is not an agent (agents are reached through `/agents`).
    public func findContact(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Contact? {
        try await sql.first("SELECT * FROM users WHERE tenant_id = \(tenant) AND id = \(id) AND is_agent = 0")
            .map(self.decode)
    }

    public func find(_ tenant: TenantID, ids: [UserID], on sql: SQLExecutor) async throws -> [UserID: Contact] {
        guard !ids.isEmpty else { return [:] }
        var statement: SQL = "SELECT * FROM users WHERE tenant_id = \(tenant) AND id IN "
        statement.appendList(Array(Set(ids)).map { .int($0.rawValue) })
        let contacts = try await sql.all(statement).map(self.decode)
        return Dictionary(contacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func list(_ tenant: TenantID, _ filter: Filter, page: PageRequest, on sql: SQLExecutor) async throws
        -> Page<Contact>
    {
        var statement: SQL = "SELECT * FROM users WHERE tenant_id = \(tenant) AND is_agent = 0"
        switch filter.state {
        case nil: statement.append(" AND deleted = 0 AND blocked = 0")
        case .deleted: statement.append(" AND deleted = 1")
        case .blocked: statement.append(" AND blocked = 1")
        case .verified: statement.append(" AND deleted = 0 AND blocked = 0 AND active = 1")
        case .unverified: statement.append(" AND deleted = 0 AND blocked = 0 AND active = 0")
        }
        if let email = filter.email {
            statement.append(
                " AND id IN (SELECT user_id FROM user_emails WHERE tenant_id = \(tenant) AND email_index = \(self.index.email(tenant, email)))"
            )
        }
        if let phone = filter.phone {
            statement.append(" AND phone_index = \(self.index.phone(tenant, phone))")
        }
        if let mobile = filter.mobile {
            statement.append(" AND mobile_index = \(self.index.phone(tenant, mobile))")
        }
        if let company = filter.companyID {
            statement.append(" AND company_id = \(company)")
        }
        if let since = filter.updatedSince {
            statement.append(" AND updated_at >= \(since)")
        }
        statement.append(" ORDER BY name COLLATE NOCASE, id")
        statement.append(page.limitClause)
        return Page(fetched: try await sql.all(statement).map(self.decode), request: page)
    }

    /// Contacts whose name starts with `term`, case-insensitively (autocomplete).
    public func autocomplete(_ tenant: TenantID, term: String, limit: Int, on sql: SQLExecutor) async throws -> [Contact] {
        let pattern = Self.likePrefix(term)
        return try await sql.all(
            """
            SELECT * FROM users WHERE tenant_id = \(tenant) AND is_agent = 0 AND deleted = 0
            AND name LIKE \(pattern) ESCAPE '\\' ORDER BY name COLLATE NOCASE, id LIMIT \(Int64(limit))
            """
        ).map(self.decode)
    }

    public func search(_ tenant: TenantID, where condition: SQL, page: PageRequest, on sql: SQLExecutor) async throws
        -> (total: Int64, items: [Contact])
    {
        let base: SQL = "FROM users WHERE tenant_id = \(tenant) AND is_agent = 0 AND deleted = 0 AND (\(condition))"
        let total = try await sql.scalar("SELECT count(*) AS n " + base)
        let items = try await sql.all("SELECT * " + base + " ORDER BY created_at DESC, id DESC" + page.limitClause)
            .map(self.decode)
        return (total, Array(items.prefix(page.perPage)))
    }

    /// Deletes the user row; its e-mails, agent row and keys go with it (foreign keys cascade).
    public func delete(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM users WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    static func likePrefix(_ term: String) -> String {
        term.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_") + "%"
    }

    func decode(_ row: Row) throws -> Contact {
        let t: TenantID = try row.id("tenant_id")
        let id: UserID = try row.id("id")
        var contact = Contact(
            tenantID: t,
            id: id,
            name: try self.protector.open(row, column: "name", for: self.context(t, id, "name")) ?? "",
            createdAt: try row.timestamp("created_at")
        )
        contact.email = try self.protector.open(row, column: "email", for: self.context(t, id, "email"))
        contact.phone = try self.protector.open(row, column: "phone", for: self.context(t, id, "phone"))
        contact.mobile = try self.protector.open(row, column: "mobile", for: self.context(t, id, "mobile"))
        contact.twitterID = try row.optionalString("twitter_id")
        contact.uniqueExternalID = try row.optionalString("unique_external_id")
        contact.otherEmails = try self.protector.openList(row, column: "other_emails", for: self.context(t, id, "other_emails"))
        contact.companyID = try row.optionalID("company_id")
        contact.viewAllTickets = try row.bool("view_all_tickets")
        contact.otherCompanies = try row.idList("other_companies")
        contact.address = try self.protector.open(row, column: "address", for: self.context(t, id, "address"))
        contact.description = try self.protector.open(row, column: "description", for: self.context(t, id, "description"))
        contact.jobTitle = try row.optionalString("job_title")
        contact.language = try row.string("language")
        contact.timeZone = try row.optionalString("time_zone")
        contact.tags = try row.stringList("tags")
        contact.customFields = try self.protector.openObject(row, column: "custom_fields", for: self.context(t, id, "custom_fields"))
        contact.active = try row.bool("active")
        contact.deleted = try row.bool("deleted")
        contact.blocked = try row.bool("blocked")
        contact.isAgent = try row.bool("is_agent")
        contact.updatedAt = try row.timestamp("updated_at")
        return contact
    }
}
