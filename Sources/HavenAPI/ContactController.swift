import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/contacts`: create, view, update, list, soft delete, restore, hard delete (with their tickets), make_agent,
/// autocomplete (`/contact_fields` are `RecordFieldController`'s).
struct ContactController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.post, "/contacts", .manageContacts, body: .json, handler: self.create),
            Route(.get, "/contacts", .readHelpdesk, handler: self.list),
            Route(.post, "/contacts/export", .exportData, body: .json, handler: self.export),
            Route(.get, "/contacts/autocomplete", .readHelpdesk, handler: self.autocomplete),
            Route(.get, "/contacts/:id", .readHelpdesk, handler: self.view),
            Route(.put, "/contacts/:id", .manageContacts, body: .json, handler: self.update),
            Route(.delete, "/contacts/:id", .deleteContacts, handler: self.delete),
            Route(.put, "/contacts/:id/restore", .deleteContacts, handler: self.restore),
            Route(.delete, "/contacts/:id/hard_delete", .eraseContacts, handler: self.hardDelete),
            Route(.put, "/contacts/:id/make_agent", .manageAgents, body: .json, handler: self.makeAgent),
            Route(.get, "/contacts/:id/consents", .readHelpdesk, handler: self.consents),
            Route(.post, "/contacts/:id/consents", .manageContacts, body: .json, handler: self.recordConsent),
        ]
    }

    static let fields: Set<String> = [
        "name", "email", "phone", "mobile", "twitter_id", "unique_external_id", "other_emails", "company_id",
        "view_all_tickets", "other_companies", "address", "custom_fields", "description", "job_title", "language",
        "tags", "time_zone",
    ]

    /// Body fields into `ContactChanges`; contacts have no custom fields yet, so any key there is unknown.
    static func changes(_ fields: inout BodyFields) -> ContactChanges {
        var changes = ContactChanges()
        changes.name = fields.nonNullString("name")
        changes.email = fields.email("email")
        changes.phone = fields.string("phone")
        changes.mobile = fields.string("mobile")
        changes.twitterID = fields.string("twitter_id")
        changes.externalID = fields.string("unique_external_id")
        changes.otherEmails = fields.emailArray("other_emails")
        changes.companyID = fields.id("company_id")
        changes.viewAllTickets = fields.boolean("view_all_tickets")
        changes.otherCompanies = fields.idArray("other_companies")
        changes.address = fields.string("address", maxLength: 1000)
        changes.description = fields.string("description", maxLength: 10_000)
        changes.jobTitle = fields.string("job_title")
        changes.language = fields.nonNullString("language", maxLength: 10)
        changes.tags = fields.tags("tags")
        changes.timeZone = fields.string("time_zone", maxLength: 100)
        changes.customFields = fields.objectValue("custom_fields")
        return changes
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        fields.require("name")
        let changes = Self.changes(&fields)
        try fields.finish()
        let contact = try await CreateContact(self.helpdesk)(changes, by: request.principal)
        return .created(.object(Presenters.contact(contact)), location: "\(request.baseURL)/api/v2/contacts/\(contact.id)")
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Presenters.contact(try await ContactQueries(self.helpdesk).view(try request.id(), by: request.principal))))
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        let changes = Self.changes(&fields)
        try fields.finish()
        let contact = try await UpdateContact(self.helpdesk)(try request.id(), changes, by: request.principal)
        return .ok(.object(Presenters.contact(contact)))
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly([
            "email", "mobile", "phone", "company_id", "state", "contact_type", "updated_since", "_updated_since", "page", "per_page",
        ])
        let page = try Pagination.request(q)
        var filter = ContactFilter()
        filter.email = q["email"]
        filter.phone = q["phone"]
        filter.mobile = q["mobile"]
        filter.companyID = try q.integer("company_id", range: 1...Int64.max).map { CompanyID($0) }
        if let state = q["state"] {
            guard let value = ContactState(rawValue: state) else {
                throw HavenError.validation([.notOneOf("state", ContactState.allCases.map(\.rawValue))])
            }
            filter.state = value
        }
        if let type = q["contact_type"], type != "contact" {
            guard type == "visitor" else { throw HavenError.validation([.notOneOf("contact_type", ["contact", "visitor"])]) }
            return Pagination.response(Page<Contact>(items: [], hasMore: false), request: request, path: "/contacts") { _ in .null }
        }
        filter.updatedSince = try q.timestamp("updated_since") ?? q.timestamp("_updated_since")
        let contacts = try await ContactQueries(self.helpdesk).list(filter, page: page, by: request.principal)
        return Pagination.response(contacts, request: request, path: "/contacts") { .object(Presenters.contact($0)) }
    }

    @Sendable func autocomplete(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["term"])
        guard let term = request.query["term"]?.trimmingWhitespace(), !term.isEmpty else {
            throw HavenError.validation([.missing("term")])
        }
        let contacts = try await ContactQueries(self.helpdesk).autocomplete(term, by: request.principal)
        return .ok(.array(contacts.map { .object(JSONObject([("id", .id($0.id)), ("name", .string($0.name))])) }))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await DeleteContact(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }

    @Sendable func restore(_ request: APIRequest) async throws -> APIResponse {
        try await RestoreContact(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }

    /// Freshdesk's contact export: `{"fields": {"default_fields": [...], "custom_fields": [...]}}` (contacts have no
    /// custom fields here, so any named is refused), plus Haven's `"format"` (csv, the default, or json). 202 with
    /// the export's id; `GET /contacts/export/{id}` follows it.
    @Sendable func export(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["fields", "format"])
        fields.require("fields")
        let chosen = fields.objectValue("fields")
        let format = fields.nonNullString("format", maxLength: 10) ?? "csv"
        var names: [String] = []
        if let chosen {
            for (key, value) in chosen {
                switch key {
                case "default_fields":
                    guard let list = value.arrayValue?.compactMap(\.stringValue), list.count == value.arrayValue?.count else {
                        fields.fail(.invalid("default_fields", "It should be an array of field names"))
                        continue
                    }
                    names = list
                case "custom_fields":
                    if !(value.arrayValue ?? []).isEmpty {
                        fields.fail(.invalid("custom_fields", "A contact export does not take custom fields yet; export default fields"))
                    }
                default: fields.fail(.unexpected(key))
                }
            }
        }
        try fields.finish()
        let job = try await Exports(self.helpdesk).request(.contacts, fields: names, format: format, by: request.principal)
        return APIResponse(status: .accepted, body: .object(["id": .string(job.id)]))
    }

    /// The contact's consent ledger, newest first (every record, with the wording it was given for).
    @Sendable func consents(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let entries = try await ConsentLedger(self.helpdesk).list(try request.id(), by: request.principal)
        return .ok(.array(entries.map { .object(Presenters.consent($0.record, text: $0.text)) }))
    }

    /// Records consent an integration collected: `{"given": true|false, "version": N}` (the current text when no
    /// version is named).
    @Sendable func recordConsent(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["given", "version"])
        fields.require("given")
        let given = fields.boolean("given")
        let version = fields.integer("version", positive: true) ?? nil
        try fields.finish()
        let id: UserID = try request.id()
        let record = try await ConsentLedger(self.helpdesk).record(id, given: given ?? false, version: version, by: request.principal)
        return .created(.object(Presenters.consent(record, text: nil)), location: "\(request.baseURL)/api/v2/contacts/\(id)/consents")
    }

    /// Permanently removes the contact and every ticket it requested (with their conversations).
    @Sendable func hardDelete(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["force"])
        let force = try request.query.boolean("force") ?? false
        try await EraseContact(self.helpdesk)(try request.id(), force: force, by: request.principal)
        return .noContent
    }

    @Sendable func makeAgent(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: AgentController.settingFields)
        let settings = AgentController.readSettings(&fields)
        try fields.finish()
        let details = try await MakeContactAgent(self.helpdesk)(try request.id(), settings, by: request.principal)
        var object = Presenters.contact(details.profile.contact)
        var agentObject = Presenters.agent(details)
        agentObject["contact"] = nil
        object.append("agent", .object(agentObject))
        return .ok(.object(object))
    }
}
