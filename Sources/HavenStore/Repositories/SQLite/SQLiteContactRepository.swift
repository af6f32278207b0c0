public import HavenCore
import HavenCrypto

/// Contacts and the user rows behind agents. Every method takes the tenant; sensitive columns are sealed under the
/// person's own key, lookups go through blind-index tokens in the index file.
public struct SQLiteContactRepository: ContactRepository {
    let keys: KeyRing

    let credentials: CredentialCache

    public init(keys: KeyRing, credentials: CredentialCache) {
        self.credentials = credentials
        self.keys = keys
    }

    static let table = "users"

    /// Every sensitive column of a user row is sealed under that user's own subject key, so erasing the person
    /// (deleting the key) makes all of it unreadable in every copy.
    private func sealed(_ contact: Contact, on sql: SQLExecutor) async throws -> [String: DBValue] {
        let s = try await self.keys.sealer(contact.tenantID, .subject(contact.id.rawValue), create: true, on: sql)
        let id = contact.id.rawValue
        let t = Self.table
        return [
            "name": try s.seal(contact.name, t, "name", id),
            "email": try s.seal(contact.email, t, "email", id),
            "phone": try s.seal(contact.phone, t, "phone", id),
            "mobile": try s.seal(contact.mobile, t, "mobile", id),
            "other_emails": try s.sealList(contact.otherEmails, t, "other_emails", id),
            "address": try s.seal(contact.address, t, "address", id),
            "description": try s.seal(contact.description, t, "description", id),
            "custom_fields": try s.sealObject(contact.customFields, t, "custom_fields", id),
        ]
    }

    public func removeCustomValue(_ name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> Int {
        let rows = try await sql.all(
            "SELECT id, custom_fields FROM users WHERE tenant_id = \(tenant) AND length(custom_fields) > 0")
        var changed = 0
        for row in rows {
            let id = try row.int("id")
            // A person whose key is gone (erased) or whose value cannot be opened has nothing readable to cut.
            guard let s = try? await self.keys.sealer(tenant, .subject(id), on: sql),
                var values = try? s.openObject(row, Self.table, "custom_fields", id), values[name] != nil
            else { continue }
            values[name] = nil
            try await sql.execute(
                """
                UPDATE users SET custom_fields = \(try s.sealObject(values, Self.table, "custom_fields", id))
                WHERE tenant_id = \(tenant) AND id = \(id)
                """)
            changed += 1
        }
        return changed
    }

    public func insert(_ contact: Contact, on sql: SQLExecutor) async throws {
        let t = contact.tenantID
        let v = try await self.sealed(contact, on: sql)
        try await sql.execute(
            """
            INSERT INTO users (tenant_id, id, name, email, phone, mobile,
                twitter_id, unique_external_id, other_emails, company_id, view_all_tickets, other_companies, address,
                description, job_title, language, time_zone, tags, custom_fields, active, deleted, blocked, is_agent,
                created_at, updated_at)
            VALUES (\(t), \(contact.id), \(v["name"]!), \(v["email"]!), \(v["phone"]!), \(v["mobile"]!),
                \(contact.twitterID), \(contact.uniqueExternalID), \(v["other_emails"]!),
                \(contact.companyID), \(contact.viewAllTickets), \(DBValue.jsonIDs(contact.otherCompanies)),
                \(v["address"]!), \(v["description"]!),
                \(contact.jobTitle), \(contact.language), \(contact.timeZone), \(DBValue.jsonList(contact.tags)),
                \(v["custom_fields"]!), \(contact.active), \(contact.deleted), \(contact.blocked), \(contact.isAgent),
                \(contact.createdAt), \(contact.updatedAt))
            """
        )
        try await self.writeTokens(contact, replacing: false, on: sql)
    }

    /// Writes a changed user. A stub whose sealed columns could not be read (erased or damaged) only has its clear
    /// columns written: it never overwrites what it could not read.
    public func update(_ contact: Contact, on sql: SQLExecutor) async throws {
        // An agent's user row decides whether its keys still work.
        if contact.isAgent { self.credentials.credentialsChanged(on: sql) }
        let t = contact.tenantID
        guard contact.unreadable == nil else {
            try await sql.execute(
                """
                UPDATE users SET active = \(contact.active), deleted = \(contact.deleted), blocked = \(contact.blocked),
                    is_agent = \(contact.isAgent), updated_at = \(contact.updatedAt)
                WHERE tenant_id = \(t) AND id = \(contact.id)
                """
            )
            return
        }
        let v = try await self.sealed(contact, on: sql)
        try await sql.execute(
            """
            UPDATE users SET
                name = \(v["name"]!), email = \(v["email"]!), phone = \(v["phone"]!), mobile = \(v["mobile"]!),
                twitter_id = \(contact.twitterID), unique_external_id = \(contact.uniqueExternalID),
                other_emails = \(v["other_emails"]!),
                company_id = \(contact.companyID), view_all_tickets = \(contact.viewAllTickets),
                other_companies = \(DBValue.jsonIDs(contact.otherCompanies)),
                address = \(v["address"]!), description = \(v["description"]!),
                job_title = \(contact.jobTitle), language = \(contact.language), time_zone = \(contact.timeZone),
                tags = \(DBValue.jsonList(contact.tags)), custom_fields = \(v["custom_fields"]!),
                active = \(contact.active), deleted = \(contact.deleted), blocked = \(contact.blocked),
                is_agent = \(contact.isAgent), updated_at = \(contact.updatedAt)
            WHERE tenant_id = \(t) AND id = \(contact.id)
            """
        )
        try await self.writeTokens(contact, replacing: true, on: sql)
    }

    /// E-mail, phone and name-prefix tokens in the index file: lookups by value without storing the value.
    func writeTokens(_ contact: Contact, replacing: Bool, on sql: SQLExecutor) async throws {
        let indexes = try await self.keys.indexes(contact.tenantID, on: sql)
        let t = contact.tenantID
        let owner = contact.id.rawValue
        let emails = Set(([contact.email].compactMap { $0 } + contact.otherEmails).map { indexes.email.token(TextNormalizer.email($0)) })
        let phones = Set([contact.phone, contact.mobile].compactMap { $0 }.map { indexes.phone.token(TextNormalizer.phone($0)) })
        let prefix: Set<Int64> = contact.name.isEmpty ? [] : [indexes.namePrefix.token(TenantIndexes.namePrefix(contact.name))]
        if replacing {
            try await IndexTokens.replace(.email, t, owner: owner, tokens: emails, on: sql)
            try await IndexTokens.replace(.phone, t, owner: owner, tokens: phones, on: sql)
            try await IndexTokens.replace(.namePrefix, t, owner: owner, tokens: prefix, on: sql)
        } else {
            try await IndexTokens.insert(.email, t, owner: owner, tokens: emails, on: sql)
            try await IndexTokens.insert(.phone, t, owner: owner, tokens: phones, on: sql)
            try await IndexTokens.insert(.namePrefix, t, owner: owner, tokens: prefix, on: sql)
        }
    }

    /// Every user (contact or agent) holding this e-mail as primary or other address, oldest first: token
    /// candidates, decrypted and compared, so a token collision never matches the wrong person.
    public func users(email: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [Contact] {
        let indexes = try await self.keys.indexes(tenant, on: sql)
        let wanted = TextNormalizer.email(email)
        return try await self.candidates(.email, tenant, token: indexes.email.token(wanted), on: sql)
            .filter { Self.holds($0, email: wanted) }
            .sorted { $0.id < $1.id }
    }

    /// Whether `user` has the e-mail (already in its normal form) as primary or other address: the exact check
    /// behind every token lookup.
    static func holds(_ user: Contact, email normalized: String) -> Bool {
        ([user.email].compactMap { $0 } + user.otherEmails).contains { TextNormalizer.email($0) == normalized }
    }

    public func userIDs(email: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [UserID] {
        try await self.users(email: email, tenant, on: sql).map(\.id)
    }

    /// The user (contact or agent) that already holds an e-mail address, if any.
    public func userID(email: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID? {
        try await self.userIDs(email: email, tenant, on: sql).first
    }

    public func userIDs(phone: String, field: PhoneField = .either, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [UserID] {
        let indexes = try await self.keys.indexes(tenant, on: sql)
        let wanted = TextNormalizer.phone(phone)
        return try await self.candidates(.phone, tenant, token: indexes.phone.token(wanted), on: sql)
            .filter { user in
                let values: [String?]
                switch field {
                case .phone: values = [user.phone]
                case .mobile: values = [user.mobile]
                case .either: values = [user.phone, user.mobile]
                }
                return values.compactMap { $0 }.contains { TextNormalizer.phone($0) == wanted }
            }
            .map(\.id).sorted()
    }

    /// The users a token points at, read in the same statement as the token lookup (one round trip).
    private func candidates(_ table: IndexTokens.Table, _ tenant: TenantID, token: Int64, on sql: SQLExecutor) async throws -> [Contact] {
        try await self.decode(
            sql.all(
                "SELECT * FROM users WHERE tenant_id = \(tenant) AND id IN (" + IndexTokens.candidateQuery(table, tenant, tokens: [token])
                    + ")"
            ),
            tenant,
            on: sql
        )
    }

    public func userID(phone: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID? {
        try await self.userIDs(phone: phone, tenant, on: sql).first
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

    /// Any user row, contact or agent.
    public func find(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Contact? {
        try await self.decode(sql.all("SELECT * FROM users WHERE tenant_id = \(tenant) AND id = \(id)"), tenant, on: sql).first
    }

    /// A contact that is not an agent (agents are reached through `/agents`).
    public func findContact(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Contact? {
        try await self.decode(
            sql.all("SELECT * FROM users WHERE tenant_id = \(tenant) AND id = \(id) AND is_agent = 0"),
            tenant,
            on: sql
        ).first
    }

    public func find(_ tenant: TenantID, ids: [UserID], on sql: SQLExecutor) async throws -> [UserID: Contact] {
        guard !ids.isEmpty else { return [:] }
        var statement: SQL = "SELECT * FROM users WHERE tenant_id = \(tenant) AND id IN "
        statement.appendList(Array(Set(ids)).map { .int($0.rawValue) })
        let contacts = try await self.decode(sql.all(statement), tenant, on: sql)
        return Dictionary(contacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func names(_ tenant: TenantID, ids: [UserID], on sql: SQLExecutor) async throws -> [UserID: String] {
        guard !ids.isEmpty else { return [:] }
        var statement: SQL = "SELECT id, name FROM users WHERE tenant_id = \(tenant) AND id IN "
        statement.appendList(Array(Set(ids)).map { .int($0.rawValue) })
        let pairs = try await self.keys.decode(
            try await sql.all(statement), tenant, on: sql, scope: { .subject(try $0.int("id")) },
            { row, sealer in
                let id = try row.int("id")
                return (UserID(id), try sealer.open(row, "users", "name", id) ?? "")
            },
            unreadable: { row, _ in (UserID(try row.int("id")), "") })
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    /// Contacts in creation order (names are sealed, so the database cannot sort by them).
    public func list(_ tenant: TenantID, _ filter: ContactFilter, page: PageRequest, on sql: SQLExecutor) async throws
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
        // Value filters resolve to exact ids first (token candidates decrypted and compared), so paging stays in SQL.
        var ids: Set<UserID>?
        func narrow(_ found: [UserID]) {
            ids = ids.map { $0.intersection(found) } ?? Set(found)
        }
        if let email = filter.email { narrow(try await self.userIDs(email: email, tenant, on: sql)) }
        if let phone = filter.phone { narrow(try await self.userIDs(phone: phone, field: .phone, tenant, on: sql)) }
        if let mobile = filter.mobile { narrow(try await self.userIDs(phone: mobile, field: .mobile, tenant, on: sql)) }
        if let ids {
            statement.append(" AND id IN ")
            statement.appendList(ids.isEmpty ? [.null] : ids.map { .int($0.rawValue) })
        }
        if let company = filter.companyID {
            statement.append(" AND company_id = \(company)")
        }
        if let since = filter.updatedSince {
            statement.append(" AND updated_at >= \(since)")
        }
        if let after = filter.afterID {
            statement.append(" AND id > \(after)")
        }
        statement.append(" ORDER BY id")
        statement.append(page.limitClause)
        return Page(fetched: try await self.decode(sql.all(statement), tenant, on: sql), request: page)
    }

    /// Contacts whose name starts with `term`, case-insensitively (autocomplete). Candidates come from the
    /// two-character name-prefix token (a one-character term reads the tenant's contacts); each is checked on its
    /// decrypted name.
    public func autocomplete(_ tenant: TenantID, term: String, limit: Int, on sql: SQLExecutor) async throws -> [Contact] {
        let wanted = TextNormalizer.name(term)
        var statement: SQL = "SELECT * FROM users WHERE tenant_id = \(tenant) AND is_agent = 0 AND deleted = 0"
        if wanted.count >= TenantIndexes.prefixLength {
            let token = try await self.keys.indexes(tenant, on: sql).namePrefix.token(TenantIndexes.namePrefix(wanted))
            statement.append(" AND id IN (")
            statement.append(IndexTokens.candidateQuery(.namePrefix, tenant, tokens: [token]))
            statement.append(")")
        }
        statement.append(" ORDER BY id")
        let matches = try await self.decode(sql.all(statement), tenant, on: sql)
            .filter { $0.unreadable == nil && TextNormalizer.name($0.name).hasPrefix(wanted) }
            .sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
        return Array(matches.prefix(limit))
    }

    public func search(_ tenant: TenantID, _ search: CompiledSearch, page: PageRequest, on sql: SQLExecutor) async throws
        -> (total: Int64, items: [Contact])
    {
        try await SearchExecution.run(
            table: "users",
            base: "tenant_id = \(tenant) AND is_agent = 0 AND deleted = 0",
            search: search,
            page: page,
            on: sql,
            decode: { rows in try await self.decode(rows, tenant, on: sql) },
            verify: { contact, leaf in
                switch leaf {
                case .email(let email):
                    return Self.holds(contact, email: TextNormalizer.email(email))
                case .phone(let field, let number):
                    let value = field == "mobile" ? contact.mobile : contact.phone
                    return value.map { TextNormalizer.phone($0) == TextNormalizer.phone(number) } ?? false
                default:
                    return false
                }
            }
        )
    }

    /// Deletes the user row and its index tokens, and erases the person's key: every copy of their sealed data, in
    /// backups too, becomes unreadable (crypto-shredding). Agent rows go with the user (foreign keys cascade).
    public func delete(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws {
        self.credentials.credentialsChanged(on: sql)
        try await sql.execute("DELETE FROM users WHERE tenant_id = \(tenant) AND id = \(id)")
        for table in [IndexTokens.Table.email, .phone, .namePrefix] {
            try await IndexTokens.delete(table, tenant, owner: id.rawValue, on: sql)
        }
        try await self.keys.eraseSubject(tenant, id.rawValue, on: sql)
    }

    func decode(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [Contact] {
        try await self.keys.decode(
            rows,
            tenant,
            on: sql,
            scope: { .subject(try $0.int("id")) },
            { row, sealer in try self.decode(row, sealer) },
            unreadable: { row, reason in
                var contact = try self.decodeClear(row, name: "")
                contact.unreadable = reason
                return contact
            }
        )
    }

    /// The columns kept in clear; sealed ones are filled by `decode(_:_:)`.
    func decodeClear(_ row: Row, name: String) throws -> Contact {
        var contact = Contact(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), name: name, createdAt: try row.timestamp("created_at"))
        contact.twitterID = try row.optionalString("twitter_id")
        contact.uniqueExternalID = try row.optionalString("unique_external_id")
        contact.companyID = try row.optionalID("company_id")
        contact.viewAllTickets = try row.bool("view_all_tickets")
        contact.otherCompanies = try row.idList("other_companies")
        contact.jobTitle = try row.optionalString("job_title")
        contact.language = try row.string("language")
        contact.timeZone = try row.optionalString("time_zone")
        contact.tags = try row.stringList("tags")
        contact.active = try row.bool("active")
        contact.deleted = try row.bool("deleted")
        contact.blocked = try row.bool("blocked")
        contact.isAgent = try row.bool("is_agent")
        contact.updatedAt = try row.timestamp("updated_at")
        return contact
    }

    func decode(_ row: Row, _ s: Sealer) throws -> Contact {
        let id = try row.int("id")
        let t = Self.table
        var contact = try self.decodeClear(row, name: try s.open(row, t, "name", id) ?? "")
        contact.email = try s.open(row, t, "email", id)
        contact.phone = try s.open(row, t, "phone", id)
        contact.mobile = try s.open(row, t, "mobile", id)
        contact.otherEmails = try s.openList(row, t, "other_emails", id)
        contact.address = try s.open(row, t, "address", id)
        contact.description = try s.open(row, t, "description", id)
        contact.customFields = try s.openObject(row, t, "custom_fields", id)
        return contact
    }
}
