public import HavenCore
import HavenStore

/// Opens a ticket for a requester (found, or created as a contact), with its custom field values checked against
/// the tenant's definitions. One transaction with its `ticket.created` entry.
public struct CreateTicket: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// `attachments`: files to store with the ticket (checked against `HelpdeskSettings.maxAttachmentBytes`).
    public func callAsFunction(
        _ changes: TicketChanges, for requester: RequesterReference, attachments: [FileUpload] = [], by principal: Principal
    ) async throws -> TicketDetails {
        try principal.require(.workTickets)
        try AttachmentWriter.check(attachments, maxBytes: self.helpdesk.settings.maxAttachmentBytes)
        let definitions = try await Self.definitions(self.helpdesk.store, principal.tenant)
        let custom = TicketRules.customDefinitions(definitions)
        let customValues = try Self.validCustomValues(changes.customFields, custom: custom)
        let ticket = try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            let ticket = try await self.insert(changes, for: requester, definitions: definitions, customValues: customValues, in: change)
            try await AttachmentWriter(store: self.helpdesk.store).store(attachments, on: ticket, conversation: nil, in: change)
            return ticket
        }
        return TicketDetails(ticket: ticket, customFields: custom)
    }

    /// The field definitions, from memory in the common case (a reader loads them otherwise), so a create is one
    /// transaction on the writer's thread and no read on a reader's: the requester is looked up inside it.
    static func definitions(_ store: Store, _ tenant: TenantID) async throws -> [TicketField] {
        if let cached = store.ticketFields.cached(tenant) { return cached }
        return try await store.read { sql in try await store.ticketFields.all(tenant, on: sql) }
    }

    /// Finds or creates the requester, checks the references, writes the ticket and its `ticket.created` entry in
    /// `change`: what the API, the console and the portal share once their channel's own checks are done.
    /// `requesterCreated`: the caller created the requester just before, in the same change (the portal, where the
    /// visitor is resolved first to become the actor).
    func insert(
        _ changes: TicketChanges, for requester: RequesterReference, definitions: [TicketField], customValues: JSONObject,
        requesterCreated: Bool = false, in change: Change
    ) async throws -> Ticket {
        let store = self.helpdesk.store
        let rules = TicketRules(store: store)
        let tenant = change.tenant
        let existing = try await rules.existingRequester(requester, tenant: tenant, on: change.sql)
        var errors: [FieldError] = []
        try await rules.checkReferences(changes, definitions: definitions, tenant: tenant, errors: &errors, on: change.sql)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        var requesterID: UserID
        var companyID: CompanyID?
        if let existing {
            requesterID = existing.id
            companyID = existing.companyID
        } else {
            requesterID = try await rules.resolveRequester(requester, in: change).id
        }
        var ticket = Ticket(
            tenantID: tenant,
            id: try await store.tenants.nextTicketID(tenant, on: change.sql),
            description: (changes.description ?? nil) ?? "",
            requesterID: requesterID,
            createdAt: change.now
        )
        ticket.companyID = companyID
        changes.apply(to: &ticket)
        var customValues = customValues
        let secure = SecureFields.split(&customValues, custom: TicketRules.customDefinitions(definitions))
        ticket.customFields = CustomFieldValidator.merge(JSONObject(), customValues)
        let masked = try await CardMasks(store: store).apply(to: &ticket)
        try TicketRules.checkClosure(ticket, custom: TicketRules.customDefinitions(definitions))
        ticket.stats = TicketLifecycle.apply(.created(status: ticket.status), to: ticket.stats, at: change.now)
        // A ticket that arrives without an agent goes to one with the skill it needs (when a skill matches).
        var routed: [(String, JSONValue)] = []
        if ticket.responderID == nil, let (skill, agent) = try await Skills.route(ticket, store: store, on: change.sql) {
            ticket.responderID = agent
            routed = [("routed_by_skill", .id(skill))]
        }
        let sla = try await store.sla.current(tenant, on: change.sql)
        ticket = SLAClock.apply(.created, before: nil, to: ticket, setup: sla, now: change.now)
        try await store.tickets.insert(ticket, on: change.sql)
        let secured = try await SecureFields.apply(secure, to: ticket, in: change, store: store)
        try await change.record(
            .ticketCreated, .ticket(ticket.id), before: nil, after: .ticket(ticket),
            // A requester named by e-mail, phone or handle and not known yet is created with the ticket.
            context: (existing == nil || requesterCreated ? [("requester_created", true)] : []) + CardMasks.context(masked) + secured
                + routed)
        return ticket
    }

    /// The custom values, each checked against its definition; fields required for agents must have one.
    static func validCustomValues(_ input: JSONObject?, custom: [String: TicketField]) throws -> JSONObject {
        var errors: [FieldError] = []
        let values = input.map { CustomFieldValidator.validate($0, definitions: custom, errors: &errors) } ?? JSONObject()
        for field in custom.values.sorted(by: { $0.position < $1.position })
        where field.requiredForAgents && (values[field.name] ?? .null) == .null {
            errors.append(.missing(field.name))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return values
    }
}
