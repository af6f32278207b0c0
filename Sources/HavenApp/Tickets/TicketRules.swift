import HavenCore
import HavenStore

/// The checks and lookups ticket changes share: referenced records exist in the tenant, custom fields are valid,
/// fields required for closure are set, and requesters are found or created.
struct TicketRules: Sendable {
    let store: Store

    static func customDefinitions(_ definitions: [TicketField]) -> [String: TicketField] {
        Dictionary(definitions.filter { !$0.isDefault }.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Referenced agents, groups, companies and the ticket type must exist in this tenant.
    func checkReferences(
        _ changes: TicketChanges,
        definitions: [TicketField],
        tenant: TenantID,
        errors: inout [FieldError],
        on sql: SQLExecutor
    ) async throws {
        if let responder = changes.responderID ?? nil, try await !self.store.agents.exists(tenant, responder, on: sql) {
            errors.append(.invalid("responder_id", "There is no agent matching the given responder_id"))
        }
        if let group = changes.groupID ?? nil, try await !self.store.groups.exists(tenant, group, on: sql) {
            errors.append(.invalid("group_id", "There is no group matching the given group_id"))
        }
        if let company = changes.companyID ?? nil, try await self.store.companies.find(tenant, company, on: sql) == nil {
            errors.append(.invalid("company_id", "There is no company matching the given company_id"))
        }
        if let type = changes.type ?? nil {
            let choices = definitions.first(where: { $0.name == "ticket_type" })?.choices ?? TicketTypes.defaults
            if !choices.contains(type) {
                errors.append(.notOneOf("type", choices))
            }
        }
    }

    /// Fields marked "required for closure" must be set before a ticket is resolved or closed.
    static func checkClosure(_ ticket: Ticket, custom: [String: TicketField]) throws {
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

    /// The requester when it already exists, with its company; nil when a change will create it.
    func existingRequester(_ reference: RequesterReference, tenant: TenantID, on sql: SQLExecutor) async throws
        -> (id: UserID, companyID: CompanyID?)?
    {
        let contacts = self.store.contacts
        let id: UserID?
        switch reference {
        case .id(let requested): id = requested
        case .email(let email, _):
            // The lookup already decrypted the contact: no second read.
            guard let found = try await contacts.users(email: email, tenant, on: sql).first else { return nil }
            return (found.id, found.companyID)
        case .phone(let phone, _): id = try await contacts.userID(phone: phone, tenant, on: sql)
        case .twitter(let handle, _): id = try await contacts.userID(twitterID: handle, tenant, on: sql)
        case .externalID(let external, _): id = try await contacts.userID(externalID: external, tenant, on: sql)
        }
        guard let id, let contact = try await contacts.find(tenant, id, on: sql) else {
            if case .id = reference {
                throw HavenError.validation([.invalid("requester_id", "There is no contact matching the given requester_id")])
            }
            return nil
        }
        return (contact.id, contact.companyID)
    }

    /// The requester's user id, creating a contact for an unknown e-mail, phone, Twitter handle or external id.
    func resolveRequester(_ reference: RequesterReference, in change: Change) async throws -> (id: UserID, isNew: Bool) {
        let tenant = change.tenant
        let contacts = self.store.contacts
        let sql = change.sql
        var newContact: Contact
        switch reference {
        case .id(let id):
            guard try await contacts.find(tenant, id, on: sql) != nil else {
                throw HavenError.validation([.invalid("requester_id", "There is no contact matching the given requester_id")])
            }
            return (id, false)
        case .email(let email, let name):
            if let id = try await contacts.userID(email: email, tenant, on: sql) { return (id, false) }
            newContact = Contact(
                tenantID: tenant, id: UserID(0), name: name ?? String(email.split(separator: "@")[0]), createdAt: change.now)
            newContact.email = email
        case .phone(let phone, let name):
            if let id = try await contacts.userID(phone: phone, tenant, on: sql) { return (id, false) }
            newContact = Contact(tenantID: tenant, id: UserID(0), name: name, createdAt: change.now)
            newContact.phone = phone
        case .twitter(let handle, let name):
            if let id = try await contacts.userID(twitterID: handle, tenant, on: sql) { return (id, false) }
            newContact = Contact(tenantID: tenant, id: UserID(0), name: name ?? handle, createdAt: change.now)
            newContact.twitterID = handle
        case .externalID(let external, let name):
            if let id = try await contacts.userID(externalID: external, tenant, on: sql) { return (id, false) }
            newContact = Contact(tenantID: tenant, id: UserID(0), name: name ?? external, createdAt: change.now)
            newContact.uniqueExternalID = external
        }
        newContact.id = UserID(try await IDSequences.next("users", on: sql))
        try await contacts.insert(newContact, on: sql)
        return (newContact.id, true)
    }
}
