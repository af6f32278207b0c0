import HavenCore
import HavenStore

/// Reading and checking ticket input, and resolving requesters: the pieces create and update share.
extension TicketController {
    static func includes(_ query: QueryParameters, allowed: [String]) throws -> Set<String> {
        let values = query.list("include") ?? []
        for value in values where !allowed.contains(value) {
            throw HavenError.validation([.notOneOf("include", allowed)])
        }
        return Set(values)
    }

    struct CommonInput {
        var subject: String??
        var description: String??
        var status: Int64?
        var priority: Int64?
        var source: Int64?
        var type: String??
        var tags: [String]?
        var ccEmails: [String]?
        var responderID: UserID??
        var groupID: GroupID??
        var companyID: CompanyID??
        var productID: Int64??
        var emailConfigID: Int64??
        var dueBy: Timestamp??
        var frDueBy: Timestamp??
    }

    enum RequesterInput {
        case id(UserID)
        case email(String, name: String?)
        case phone(String, name: String)
        case twitter(String, name: String?)
        case externalID(String, name: String?)
    }

    func readCommon(_ fields: inout BodyFields) -> CommonInput {
        CommonInput(
            subject: fields.string("subject", maxLength: 255),
            description: fields.string("description", maxLength: 1_000_000),
            status: fields.nonNullInteger("status", allowed: TicketStatus.allCases.map(\.rawValue)),
            priority: fields.nonNullInteger("priority", allowed: TicketPriority.allCases.map(\.rawValue)),
            source: fields.nonNullInteger("source", allowed: TicketSource.allCases.map(\.rawValue)),
            type: fields.string("type"),
            tags: fields.tags("tags"),
            ccEmails: fields.emailArray("cc_emails"),
            responderID: fields.id("responder_id"),
            groupID: fields.id("group_id"),
            companyID: fields.id("company_id"),
            productID: fields.integer("product_id", positive: true),
            emailConfigID: fields.integer("email_config_id", positive: true),
            dueBy: fields.timestamp("due_by"),
            frDueBy: fields.timestamp("fr_due_by")
        )
    }

    func readRequester(_ fields: inout BodyFields, required: Bool) -> RequesterInput? {
        let requesterID: UserID?? = fields.id("requester_id")
        let email = fields.email("email")
        let phone = fields.string("phone", maxLength: 255)
        let twitter = fields.string("twitter_id", maxLength: 255)
        let external = fields.string("unique_external_id", maxLength: 255)
        let name = fields.string("name", maxLength: 255)
        if let id = requesterID ?? nil { return .id(id) }
        if let email = email ?? nil { return .email(email, name: name ?? nil) }
        if let phone = phone ?? nil {
            guard let name = name ?? nil, !name.trimmingWhitespace().isEmpty else {
                fields.fail(FieldError(field: "name", message: "It should be a/an String when phone is given", code: .missingField))
                return nil
            }
            return .phone(phone, name: name)
        }
        if let twitter = twitter ?? nil { return .twitter(twitter, name: name ?? nil) }
        if let external = external ?? nil { return .externalID(external, name: name ?? nil) }
        if required {
            fields.fail(
                FieldError(
                    field: "requester_id",
                    message: "Please fill at least 1 of requester_id, phone, email, twitter_id, unique_external_id fields",
                    code: .missingField
                )
            )
        }
        return nil
    }

    /// Referenced agents, groups, companies and the ticket type must exist in this tenant.
    func checkReferences(
        _ input: CommonInput,
        definitions: [TicketField],
        request: APIRequest,
        errors: inout [FieldError],
        on sql: SQLExecutor
    ) async throws {
        if let responder = input.responderID ?? nil,
            try await !self.store.agents.exists(request.tenantID, responder, on: sql)
        {
            errors.append(.invalid("responder_id", "There is no agent matching the given responder_id"))
        }
        if let group = input.groupID ?? nil, try await !self.store.groups.exists(request.tenantID, group, on: sql) {
            errors.append(.invalid("group_id", "There is no group matching the given group_id"))
        }
        if let company = input.companyID ?? nil,
            try await self.store.companies.find(request.tenantID, company, on: sql) == nil
        {
            errors.append(.invalid("company_id", "There is no company matching the given company_id"))
        }
        if let type = input.type ?? nil {
            let choices = definitions.first(where: { $0.name == "ticket_type" })?.choices ?? TicketTypes.defaults
            if !choices.contains(type) {
                errors.append(.notOneOf("type", choices))
            }
        }
    }

    func apply(_ input: CommonInput, to ticket: inout Ticket) {
        if let subject = input.subject { ticket.subject = subject }
        if let status = input.status.flatMap(TicketStatus.init(rawValue:)) { ticket.status = status }
        if let priority = input.priority.flatMap(TicketPriority.init(rawValue:)) { ticket.priority = priority }
        if let source = input.source.flatMap(TicketSource.init(rawValue:)) { ticket.source = source }
        if let type = input.type { ticket.type = type }
        if let tags = input.tags { ticket.tags = tags }
        if let cc = input.ccEmails { ticket.ccEmails = cc }
        if let responder = input.responderID { ticket.responderID = responder }
        if let group = input.groupID { ticket.groupID = group }
        if let company = input.companyID { ticket.companyID = company }
        if let product = input.productID { ticket.productID = product }
        if let emailConfig = input.emailConfigID { ticket.emailConfigID = emailConfig }
        if let dueBy = input.dueBy { ticket.dueBy = dueBy }
        if let frDueBy = input.frDueBy { ticket.frDueBy = frDueBy }
    }

    /// Fields marked "required for closure" must be set before a ticket is resolved or closed.
    func checkClosure(_ ticket: Ticket, custom: [String: TicketField]) throws {
        guard ticket.status == .resolved || ticket.status == .closed else { return }
        let missing = custom.values.filter { $0.requiredForClosure && (ticket.customFields[$0.name] ?? .null) == .null }
        guard missing.isEmpty else {
            throw HavenError.validation(
                missing.sorted { $0.name < $1.name }.map {
                    FieldError(field: $0.name, message: "It should be set before the ticket is resolved or closed", code: .missingField)
                }
            )
        }
    }

    /// The requester's user id, creating a contact for an unknown e-mail, phone, Twitter handle or external id (as
    /// Freshdesk does).
    func resolveRequester(_ input: RequesterInput, request: APIRequest, on sql: SQLExecutor) async throws
        -> (id: UserID, isNew: Bool)
    {
        let tenant = request.tenantID
        let contacts = self.store.contacts
        var newContact: Contact
        switch input {
        case .id(let id):
            guard try await contacts.find(tenant, id, on: sql) != nil else {
                throw HavenError.validation([.invalid("requester_id", "There is no contact matching the given requester_id")])
            }
            return (id, false)
        case .email(let email, let name):
            if let id = try await contacts.userID(email: email, tenant, on: sql) { return (id, false) }
            newContact = Contact(
                tenantID: tenant, id: UserID(0), name: name ?? String(email.split(separator: "@")[0]), createdAt: request.now)
            newContact.email = email
        case .phone(let phone, let name):
            if let id = try await contacts.userID(phone: phone, tenant, on: sql) { return (id, false) }
            newContact = Contact(tenantID: tenant, id: UserID(0), name: name, createdAt: request.now)
            newContact.phone = phone
        case .twitter(let handle, let name):
            if let id = try await contacts.userID(twitterID: handle, tenant, on: sql) { return (id, false) }
            newContact = Contact(tenantID: tenant, id: UserID(0), name: name ?? handle, createdAt: request.now)
            newContact.twitterID = handle
        case .externalID(let external, let name):
            if let id = try await contacts.userID(externalID: external, tenant, on: sql) { return (id, false) }
            newContact = Contact(tenantID: tenant, id: UserID(0), name: name ?? external, createdAt: request.now)
            newContact.uniqueExternalID = external
        }
        newContact.id = UserID(try await IDSequences.next("users", on: sql))
        try await contacts.insert(newContact, on: sql)
        return (newContact.id, true)
    }

    static func render(_ ticket: Ticket, custom: [String: TicketField]) -> JSONValue {
        .object(Presenters.ticket(ticket, customFields: custom))
    }
}
