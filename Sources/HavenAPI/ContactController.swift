import HavenCore
import HavenStore

/// `/contacts`: create, view, update, list, soft delete, restore, hard delete (with their tickets), make_agent,
/// autocomplete; and `/contact_fields`.
struct ContactController: Sendable {
    let store: Store

    var routes: [Route] {
        [
            Route(.post, "/contacts", .manageContacts, body: .json, handler: self.create),
            Route(.get, "/contacts", .readHelpdesk, handler: self.list),
            Route(.get, "/contacts/autocomplete", .readHelpdesk, handler: self.autocomplete),
            Route(.get, "/contacts/:id", .readHelpdesk, handler: self.view),
            Route(.put, "/contacts/:id", .manageContacts, body: .json, handler: self.update),
            Route(.delete, "/contacts/:id", .deleteContacts, handler: self.delete),
            Route(.put, "/contacts/:id/restore", .deleteContacts, handler: self.restore),
            Route(.delete, "/contacts/:id/hard_delete", .eraseContacts, handler: self.hardDelete),
            Route(.put, "/contacts/:id/make_agent", .manageAgents, body: .json, handler: self.makeAgent),
            Route(.get, "/contact_fields", .readHelpdesk, handler: self.contactFields),
        ]
    }

    static let fields: Set<String> = [
        "name", "email", "phone", "mobile", "twitter_id", "unique_external_id", "other_emails", "company_id",
        "view_all_tickets", "other_companies", "address", "custom_fields", "description", "job_title", "language",
        "tags", "time_zone",
    ]

    struct Input {
        var name: String?
        var email: String??
        var phone: String??
        var mobile: String??
        var twitterID: String??
        var externalID: String??
        var otherEmails: [String]?
        var companyID: CompanyID??
        var viewAllTickets: Bool?
        var otherCompanies: [CompanyID]?
        var address: String??
        var description: String??
        var jobTitle: String??
        var language: String?
        var tags: [String]?
        var timeZone: String??
    }

    func read(_ fields: inout BodyFields) -> Input {
        let input = Input(
            name: fields.nonNullString("name"),
            email: fields.email("email"),
            phone: fields.string("phone"),
            mobile: fields.string("mobile"),
            twitterID: fields.string("twitter_id"),
            externalID: fields.string("unique_external_id"),
            otherEmails: fields.emailArray("other_emails"),
            companyID: fields.id("company_id"),
            viewAllTickets: fields.boolean("view_all_tickets"),
            otherCompanies: fields.idArray("other_companies"),
            address: fields.string("address", maxLength: 1000),
            description: fields.string("description", maxLength: 10_000),
            jobTitle: fields.string("job_title"),
            language: fields.nonNullString("language", maxLength: 10),
            tags: fields.tags("tags"),
            timeZone: fields.string("time_zone", maxLength: 100)
        )
        if let custom = fields.objectValue("custom_fields") {
            // No contact custom fields are defined yet; any key is unknown.
            for key in custom.keys { fields.fail(.unexpected(key)) }
        }
        return input
    }

    func apply(_ input: Input, to contact: inout Contact) {
        if let name = input.name { contact.name = name.trimmingWhitespace() }
        if let email = input.email { contact.email = email }
        if let phone = input.phone { contact.phone = phone }
        if let mobile = input.mobile { contact.mobile = mobile }
        if let twitter = input.twitterID { contact.twitterID = twitter }
        if let external = input.externalID { contact.uniqueExternalID = external }
        if let other = input.otherEmails { contact.otherEmails = other }
        if let company = input.companyID { contact.companyID = company }
        if let viewAll = input.viewAllTickets { contact.viewAllTickets = viewAll }
        if let others = input.otherCompanies { contact.otherCompanies = others }
        if let address = input.address { contact.address = address }
        if let description = input.description { contact.description = description }
        if let jobTitle = input.jobTitle { contact.jobTitle = jobTitle }
        if let language = input.language { contact.language = language }
        if let tags = input.tags { contact.tags = tags }
        if let timeZone = input.timeZone { contact.timeZone = timeZone }
    }

    /// The checks a contact must pass before it is written: an identifier, known companies, and no clash with
    /// another user's e-mail, Twitter handle or external id (409 naming the existing user, as Freshdesk does).
    func validate(_ contact: Contact, request: APIRequest, on sql: SQLExecutor) async throws {
        if [contact.email, contact.phone, contact.mobile, contact.twitterID, contact.uniqueExternalID]
            .allSatisfy({ ($0 ?? "").trimmingWhitespace().isEmpty })
        {
            throw HavenError.validation([
                FieldError(
                    field: "email",
                    message: "Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields",
                    code: .missingField
                )
            ])
        }
        var errors: [FieldError] = []
        for company in [contact.companyID].compactMap({ $0 }) + contact.otherCompanies
        where try await self.store.companies.find(request.tenantID, company, on: sql) == nil {
            errors.append(
                .invalid(company == contact.companyID ? "company_id" : "other_companies", "There is no company matching the given id"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        var conflicts: [FieldError] = []
        let emails = [("email", contact.email)] + contact.otherEmails.map { ("other_emails", Optional($0)) }
        for (field, email) in emails {
            guard let email, let owner = try await self.store.contacts.userID(email: email, request.tenantID, on: sql),
                owner != contact.id
            else { continue }
            conflicts.append(Self.duplicate(field, "It should be a unique value", owner))
        }
        if let twitter = contact.twitterID,
            let owner = try await self.store.contacts.userID(twitterID: twitter, request.tenantID, on: sql), owner != contact.id
        {
            conflicts.append(Self.duplicate("twitter_id", "It should be a unique value", owner))
        }
        if let external = contact.uniqueExternalID,
            let owner = try await self.store.contacts.userID(externalID: external, request.tenantID, on: sql), owner != contact.id
        {
            conflicts.append(Self.duplicate("unique_external_id", "It should be a unique value", owner))
        }
        if !conflicts.isEmpty { throw HavenError.conflict(conflicts) }
    }

    static func duplicate(_ field: String, _ message: String, _ owner: UserID) -> FieldError {
        FieldError(field: field, message: message, code: .duplicateValue, additionalInfo: ["user_id": owner.rawValue])
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        fields.require("name")
        let input = self.read(&fields)
        try fields.finish()
        let contact = try await self.store.write { sql -> Contact in
            var contact = Contact(tenantID: request.tenantID, id: UserID(0), name: "", createdAt: request.now)
            self.apply(input, to: &contact)
            try await self.validate(contact, request: request, on: sql)
            contact.id = UserID(try await IDSequences.next("users", on: sql))
            try await self.store.contacts.insert(contact, on: sql)
            try await self.store.audit.record(
                request.event(
                    "contact.created", "contact", contact.id, before: nil, after: Presenters.contact(contact),
                    revealing: AuditedFields.contact),
                on: sql)
            return contact
        }
        return .created(.object(Presenters.contact(contact)), location: "\(request.baseURL)/api/v2/contacts/\(contact.id)")
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let id: UserID = try request.id()
        guard
            let contact = try await self.store.read({ sql in
                try await self.store.contacts.findContact(request.tenantID, id, on: sql)?.requireReadable()
            })
        else { throw HavenError.notFound }
        return .ok(.object(Presenters.contact(contact)))
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        let input = self.read(&fields)
        try fields.finish()
        let id: UserID = try request.id()
        let contact = try await self.store.write { sql -> Contact in
            guard var contact = try await self.store.contacts.findContact(request.tenantID, id, on: sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            guard !contact.deleted, !contact.blocked else {
                throw HavenError.methodNotAllowed(message: "A deleted or blocked contact cannot be updated", allow: ["GET"])
            }
            let previous = contact
            self.apply(input, to: &contact)
            try await self.validate(contact, request: request, on: sql)
            contact.updatedAt = request.now
            try await self.store.contacts.update(contact, on: sql)
            try await self.store.audit.record(
                request.event(
                    "contact.updated", "contact", id, before: Presenters.contact(previous), after: Presenters.contact(contact),
                    revealing: AuditedFields.contact),
                on: sql)
            return contact
        }
        return .ok(.object(Presenters.contact(contact)))
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly([
            "email", "mobile", "phone", "company_id", "state", "contact_type", "updated_since", "_updated_since", "page", "per_page",
        ])
        let page = try Pagination.request(q)
        var filter = ContactRepository.Filter()
        filter.email = q["email"]
        filter.phone = q["phone"]
        filter.mobile = q["mobile"]
        filter.companyID = try q.integer("company_id", range: 1...Int64.max).map { CompanyID($0) }
        if let state = q["state"] {
            guard let value = ContactRepository.State(rawValue: state) else {
                throw HavenError.validation([.notOneOf("state", ContactRepository.State.allCases.map(\.rawValue))])
            }
            filter.state = value
        }
        if let type = q["contact_type"], type != "contact" {
            guard type == "visitor" else { throw HavenError.validation([.notOneOf("contact_type", ["contact", "visitor"])]) }
            return Pagination.response(Page<Contact>(items: [], hasMore: false), request: request, path: "/contacts") { _ in .null }
        }
        filter.updatedSince = try q.timestamp("updated_since") ?? q.timestamp("_updated_since")
        let contacts = try await self.store.read { sql in
            try await self.store.contacts.list(request.tenantID, filter, page: page, on: sql)
        }
        return Pagination.response(contacts, request: request, path: "/contacts") { .object(Presenters.contact($0)) }
    }

    @Sendable func autocomplete(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["term"])
        guard let term = request.query["term"]?.trimmingWhitespace(), !term.isEmpty else {
            throw HavenError.validation([.missing("term")])
        }
        let contacts = try await self.store.read { sql in
            try await self.store.contacts.autocomplete(request.tenantID, term: term, limit: 25, on: sql)
        }
        return .ok(.array(contacts.map { .object(JSONObject([("id", .id($0.id)), ("name", .string($0.name))])) }))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let id: UserID = try request.id()
        try await self.store.write { sql in
            guard var contact = try await self.store.contacts.findContact(request.tenantID, id, on: sql), !contact.deleted
            else { throw HavenError.notFound }
            contact.deleted = true
            contact.updatedAt = request.now
            try await self.store.contacts.update(contact, on: sql)
            try await self.store.audit.record(request.event("contact.deleted", "contact", id), on: sql)
        }
        return .noContent
    }

    @Sendable func restore(_ request: APIRequest) async throws -> APIResponse {
        let id: UserID = try request.id()
        try await self.store.write { sql in
            guard var contact = try await self.store.contacts.findContact(request.tenantID, id, on: sql), contact.deleted
            else { throw HavenError.notFound }
            contact.deleted = false
            contact.updatedAt = request.now
            try await self.store.contacts.update(contact, on: sql)
            try await self.store.audit.record(request.event("contact.restored", "contact", id), on: sql)
        }
        return .noContent
    }

    /// Permanently removes the contact and every ticket it requested (with their conversations).
    @Sendable func hardDelete(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["force"])
        let force = try request.query.boolean("force") ?? false
        let id: UserID = try request.id()
        try await self.store.write { sql in
            guard let contact = try await self.store.contacts.findContact(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            guard contact.deleted || force else {
                throw HavenError.validation([
                    FieldError(
                        field: "force",
                        message: "The contact must be deleted first, or force=true given, to delete it permanently",
                        code: .inconsistentState
                    )
                ])
            }
            let tickets = try await self.store.tickets.deleteAll(request.tenantID, requester: id, on: sql)
            try await self.store.contacts.delete(request.tenantID, id, on: sql)
            try await self.store.audit.record(
                request.event(
                    "contact.hard_deleted", "contact", id,
                    details: ["tickets_deleted": .int(tickets), "forced": .bool(!contact.deleted), "key_erased": true]),
                on: sql)
        }
        return .noContent
    }

    @Sendable func makeAgent(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(
            request.object,
            allowed: ["occasional", "signature", "ticket_scope", "skill_ids", "group_ids", "role_ids", "type", "focus_mode"]
        )
        let settings = AgentController.readSettings(&fields)
        try fields.finish()
        let id: UserID = try request.id()
        let (profile, roleIDs) = try await self.store.write { sql -> (AgentProfile, [RoleID]) in
            guard var contact = try await self.store.contacts.findContact(request.tenantID, id, on: sql), !contact.deleted
            else { throw HavenError.notFound }
            guard contact.email != nil else {
                throw HavenError.validation([
                    FieldError(field: "email", message: "The contact needs an e-mail address to become an agent", code: .inconsistentState)
                ])
            }
            let roles = try await self.store.roles.all(request.tenantID, on: sql)
            var agent = Agent(tenantID: request.tenantID, id: id, role: .agent, createdAt: request.now)
            try await AgentController.apply(settings, to: &agent, roles: roles, store: self.store, request: request, on: sql)
            contact.isAgent = true
            contact.active = true
            contact.updatedAt = request.now
            try await self.store.contacts.update(contact, on: sql)
            try await self.store.agents.insert(agent, on: sql)
            let profile = AgentProfile(agent: agent, contact: contact)
            let roleIDs = AgentController.roleIDs(agent, roles)
            try await self.store.audit.record(
                request.event(
                    "contact.made_agent", "agent", id, before: nil, after: Presenters.agent(profile, roleIDs: roleIDs),
                    revealing: AuditedFields.agent),
                on: sql)
            return (profile, roleIDs)
        }
        var object = Presenters.contact(profile.contact)
        var agentObject = Presenters.agent(profile, roleIDs: roleIDs)
        agentObject["contact"] = nil
        object.append("agent", .object(agentObject))
        return .ok(.object(object))
    }

    @Sendable func contactFields(_ request: APIRequest) async throws -> APIResponse {
        let created = request.tenant.createdAt
        let defaults: [(String, String, String)] = [
            ("name", "Full name", "default_name"), ("job_title", "Title", "default_job_title"),
            ("email", "Email", "default_email"), ("phone", "Work phone", "default_phone"),
            ("mobile", "Mobile phone", "default_mobile"), ("twitter_id", "Twitter", "default_twitter_id"),
            ("unique_external_id", "Unique external ID", "default_unique_external_id"),
            ("company_name", "Company", "default_company_name"), ("address", "Address", "default_address"),
            ("time_zone", "Time zone", "default_time_zone"), ("language", "Language", "default_language"),
            ("tag_names", "Tags", "default_tag_names"), ("description", "About", "default_description"),
        ]
        let fields: [JSONValue] = defaults.enumerated().map { position, field in
            .object(
                JSONObject([
                    ("id", .int(Int64(position + 1))), ("name", .string(field.0)), ("label", .string(field.1)),
                    ("position", .int(Int64(position + 1))), ("type", .string(field.2)), ("default", true),
                    ("required_for_agents", .bool(field.0 == "name")), ("customers_can_edit", true),
                    ("label_for_customers", .string(field.1)), ("required_for_customers", .bool(field.0 == "name")),
                    ("displayed_for_customers", true), ("editable_in_signup", .bool(field.0 == "name" || field.0 == "email")),
                    ("created_at", .timestamp(created)), ("updated_at", .timestamp(created)),
                ])
            )
        }
        return .ok(.array(fields))
    }
}
