public import HavenCore
public import HavenStore

/// What customers do with tickets on the portal and through the widget: open one (signed in, or — when the tenant
/// allows — as a visitor naming their e-mail), with the consent checkbox when the tenant requires it; list their
/// own tickets; read a ticket's public thread; reply. The same ticket, contact and conversation rules and audit
/// entries as the API, with the customer (`contact`) as the actor.
public struct PortalTickets: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What the new-ticket form shows: the settings, the current consent text, and the custom fields customers fill in.
    public struct Form: Sendable {
        public let settings: PortalSettings
        public let consentText: ConsentText?
        public let fields: [TicketField]
        /// Every field definition (the ticket's rules need them all).
        let definitions: [TicketField]
    }

    /// A new ticket as a customer typed it.
    public struct NewTicket: Sendable {
        public var name: String
        public var email: String
        public var subject: String
        /// Plain text; stored as escaped HTML paragraphs.
        public var description: String
        /// Values of the customer fields, as typed (checked against each field's type).
        public var customFields: JSONObject
        public var consent: Bool
        /// The consent text version the form showed: a form older than the current wording is shown again.
        public var consentVersion: Int64?

        public init(
            name: String, email: String, subject: String, description: String, customFields: JSONObject = JSONObject(),
            consent: Bool = false, consentVersion: Int64? = nil
        ) {
            self.name = name
            self.email = email
            self.subject = subject
            self.description = description
            self.customFields = customFields
            self.consent = consent
            self.consentVersion = consentVersion
        }
    }

    /// One ticket as its requester sees it: the public thread only, authors by name.
    public struct Thread: Sendable {
        public let ticket: Ticket
        public let conversations: [Conversation]
        public let authors: [UserID: String]
        /// What the reply form carries (`RecordVersion`).
        public let version: String
        /// The files of the ticket and of its public conversations (never those of private notes).
        public let attachments: [Attachment]
    }

    public static let maxSubjectLength = 255
    public static let maxDescriptionLength = 30_000

    public func form(tenant: TenantID) async throws -> Form {
        let store = self.helpdesk.store
        let definitions = try await CreateTicket.definitions(store, tenant)
        return try await store.read { sql in
            Form(
                settings: try await store.portal.settings(tenant, on: sql),
                consentText: try await store.portal.currentConsentText(tenant, on: sql),
                fields: Self.customerFields(definitions), definitions: definitions)
        }
    }

    /// The custom fields a customer fills in (Freshdesk's "customers can edit"), in the form's order.
    static func customerFields(_ definitions: [TicketField]) -> [TicketField] {
        definitions.filter { !$0.isDefault && $0.customersCanEdit && $0.customType != nil }.sorted { $0.position < $1.position }
    }

    /// Opens a ticket from the portal or the widget. `contact` is the signed-in customer (nil: a visitor, allowed
    /// only when the tenant says so). Throws `validation` naming every field that is wrong; writes nothing then.
    /// `form`: what the page showed, when the caller already loaded it for this request.
    public func open(
        _ input: NewTicket, channel: ConsentChannel, contact: UserID?, tenant: TenantID, sourceIP: String?, form shown: Form? = nil
    ) async throws -> Ticket {
        let store = self.helpdesk.store
        let form: Form
        if let shown { form = shown } else { form = try await self.form(tenant: tenant) }
        let definitions = form.definitions
        guard contact != nil || form.settings.anonymousTickets else {
            throw HavenError.forbidden(code: "sign_in_required", message: "Sign in to open a ticket.")
        }
        var errors: [FieldError] = []
        let name = input.name.trimmingWhitespace()
        let email = input.email.trimmingWhitespace().lowercased()
        if contact == nil {
            if name.isEmpty { errors.append(.invalid("name", "Write your name")) }
            if name.count > 255 { errors.append(.invalid("name", "Has \(name.count) characters, it can have maximum of 255")) }
            if !EmailAddress.isValid(email) { errors.append(.invalid("email", "Write an e-mail address like name@example.com")) }
        }
        let subject = input.subject.trimmingWhitespace()
        if subject.isEmpty { errors.append(.invalid("subject", "Write a subject")) }
        if subject.count > Self.maxSubjectLength {
            errors.append(.invalid("subject", "Has \(subject.count) characters, it can have maximum of \(Self.maxSubjectLength)"))
        }
        let description = input.description.trimmingWhitespace()
        if description.isEmpty { errors.append(.invalid("description", "Tell us what you need")) }
        if description.count > Self.maxDescriptionLength {
            errors.append(
                .invalid("description", "Has \(description.count) characters, it can have maximum of \(Self.maxDescriptionLength)"))
        }
        let fields = Dictionary(form.fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let customValues = CustomFieldValidator.validate(input.customFields, definitions: fields, errors: &errors)
        for field in form.fields where field.requiredForCustomers && (customValues[field.name] ?? .null) == .null {
            errors.append(.invalid(field.name, "\(field.labelForCustomers) is required"))
        }
        var consentText: ConsentText?
        if form.settings.consentRequired {
            if let current = form.consentText, input.consentVersion == current.version {
                if input.consent { consentText = current } else { errors.append(.invalid("consent", "Tick the box to agree")) }
            } else {
                errors.append(.invalid("consent", "The consent text has changed since this form was opened: read it again and agree"))
            }
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        var changes = TicketChanges()
        changes.subject = .some(subject)
        changes.description = .some(HTMLText.paragraphs(description))
        changes.status = .open
        changes.priority = .low
        changes.source = channel == .widget ? .feedbackWidget : .portal
        let reference: RequesterReference = contact.map { .id($0) } ?? .email(email, name: name)
        return try await store.write { sql in
            let now = self.helpdesk.clock.now()
            // The visitor becomes the actor of their own ticket as soon as they are known (found or created).
            let rules = TicketRules(store: store)
            let lookup = Change(sql: sql, principal: Principal(tenant: tenant, kind: .job(channel.rawValue)), now: now, audit: store.audit)
            let (requester, created) = try await rules.resolveRequester(reference, in: lookup)
            let change = Change(
                sql: sql, principal: Principal(tenant: tenant, kind: .contact(requester), sourceIP: sourceIP), now: now,
                audit: store.audit)
            let ticket = try await CreateTicket(self.helpdesk).insert(
                changes, for: .id(requester), definitions: definitions, customValues: customValues, requesterCreated: created,
                in: change)
            if let consentText {
                _ = try await ConsentLedger.record(requester, given: true, text: consentText, channel: channel, store: store, in: change)
            }
            try await MailOutbox(helpdesk: self.helpdesk).enqueueAcknowledgement(of: ticket, in: change)
            return ticket
        }
    }

    /// The signed-in customer's own tickets, most recently updated first.
    public func mine(page: PageRequest, by principal: Principal) async throws -> Page<Ticket> {
        guard case .contact(let contact) = principal.kind else { throw HavenError.accessDenied }
        let store = self.helpdesk.store
        var query = TicketListQuery()
        query.requesterIDs = [contact]
        query.order = .updatedAt
        query.subjectsOnly = true
        return try await store.read { sql in
            try await store.tickets.list(principal.tenant, query, page: page, withDescription: false, on: sql)
        }
    }

    /// One of the customer's tickets with its public conversations; 404 for anyone else's.
    public func thread(_ id: TicketID, by principal: Principal) async throws -> Thread {
        guard case .contact(let contact) = principal.kind else { throw HavenError.accessDenied }
        let store = self.helpdesk.store
        return try await store.read { sql in
            guard let ticket = try await store.tickets.find(principal.tenant, id, on: sql)?.requireReadable(),
                ticket.requesterID == contact, !ticket.deleted, !ticket.spam
            else { throw HavenError.notFound }
            let conversations = try await store.conversations.list(
                principal.tenant, ticket: id, page: PageRequest(page: 1, perPage: 100), on: sql
            ).items.filter { !$0.isPrivate }
            let people = try await store.contacts.find(
                principal.tenant, ids: Array(Set(conversations.compactMap(\.userID) + [contact])), on: sql)
            let shown = Set(conversations.map(\.id))
            let files = try await store.attachments.list(principal.tenant, ticket: id, on: sql).filter { file in
                file.conversationID.map(shown.contains) ?? true
            }
            return Thread(
                ticket: ticket, conversations: conversations, authors: people.mapValues(\.name),
                version: try await RecordVersion.of(ticket, store: store, on: sql), attachments: files)
        }
    }

    /// The customer's reply on their own ticket (an incoming conversation, as when they answer by e-mail).
    /// `ifVersion`: the ticket's `RecordVersion` the page showed (a reply sent twice, or over a new message, adds
    /// nothing and throws `conflict`).
    public func reply(_ body: String, to id: TicketID, ifVersion: String? = nil, by principal: Principal) async throws -> Conversation {
        let text = body.trimmingWhitespace()
        guard !text.isEmpty else { throw HavenError.invalid("body", "Write your reply first") }
        guard text.count <= Self.maxDescriptionLength else {
            throw HavenError.invalid("body", "Has \(text.count) characters, it can have maximum of \(Self.maxDescriptionLength)")
        }
        return try await self.helpdesk.customerChange(by: principal) { change, contact in
            try await AddConversation(helpdesk: self.helpdesk).add(
                to: id, author: contact, action: .ticketReplied, requester: contact, ifVersion: ifVersion, in: change
            ) { conversationID, now in
                var c = Conversation(
                    tenantID: principal.tenant, id: conversationID, ticketID: id, body: HTMLText.paragraphs(text),
                    source: Conversation.replySource, category: 3, createdAt: now)
                c.isPrivate = false
                c.incoming = true
                return c
            }
        }
    }
}
