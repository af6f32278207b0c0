public import HavenCore
public import HavenStore

/// Reading tickets: one ticket with what it embeds, lists with filters, search, and a ticket's conversations.
public struct TicketQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a ticket view or list may carry along.
    public enum Embed: String, Sendable, CaseIterable {
        case conversations, requester, company, stats, description
        /// Only the requesters' names (one sealed column each), for the console's list: not offered by the API.
        case requesterNames = "requester_names"
    }

    /// A ticket with what was asked for: its first conversations, requester and company.
    public struct View: Sendable {
        public let details: TicketDetails
        public let conversations: [Conversation]?
        public let requester: Contact?
        public let company: Company?
        /// The files of the ticket and of its conversations (names, types and sizes; bytes only by download).
        public let attachments: [Attachment]
        /// The secure fields holding a value (named, never opened): what a viewer not allowed to see them is told.
        public let secureFieldsSet: [String]
    }

    /// The ticket's `RecordVersion` as stored now: what an edit form carries.
    public func version(_ id: TicketID, by principal: Principal) async throws -> String {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let ticket = try await store.tickets.find(principal.tenant, id, on: sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            return try await RecordVersion.of(ticket, store: store, on: sql)
        }
    }

    public func view(_ id: TicketID, including embeds: Set<Embed>, by principal: Principal) async throws -> View {
        let store = self.helpdesk.store
        let tenant = principal.tenant
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard var ticket = try await store.tickets.find(tenant, id, on: sql)?.requireReadable() else { throw HavenError.notFound }
            let custom = try await store.ticketFields.customFields(tenant, on: sql)
            // Secure values appear among the custom fields of this one answer, for those allowed to see them only.
            let revealed = try await SecureFields.reveal(id, to: principal, store: store, on: sql)
            for (name, value) in revealed ?? [:] {
                ticket.customFields[name] = .string(value)
            }
            let conversations =
                embeds.contains(.conversations)
                ? try await store.conversations.list(tenant, ticket: id, page: PageRequest(page: 1, perPage: 10), on: sql).items : nil
            let requester = embeds.contains(.requester) ? try await store.contacts.find(tenant, ticket.requesterID, on: sql) : nil
            var company: Company?
            if embeds.contains(.company), let companyID = ticket.companyID {
                company = try await store.companies.find(tenant, companyID, on: sql)
            }
            // Those who saw the values have their names already (one statement fewer on the busiest read).
            let secureFieldsSet: [String]
            if let revealed {
                secureFieldsSet = revealed.keys.sorted()
            } else {
                secureFieldsSet = try await store.secureValues.names(tenant, ticket: id, on: sql)
            }
            return View(
                details: TicketDetails(ticket: ticket, customFields: custom), conversations: conversations, requester: requester,
                company: company, attachments: try await store.attachments.list(tenant, ticket: id, on: sql),
                secureFieldsSet: secureFieldsSet)
        }
    }

    /// Which tickets a list shows. Requester filters combine (AND): each narrows the set of requesters.
    public struct ListRequest: Sendable {
        public var query = TicketListQuery()
        public var requesterID: UserID?
        public var requesterEmail: String?
        public var requesterExternalID: String?

        public init() {}
    }

    /// A page of tickets with the requesters and companies asked for.
    public struct Listing: Sendable {
        public let tickets: Page<Ticket>
        public let requesters: [UserID: Contact]
        public let requesterNames: [UserID: String]
        public let companies: [CompanyID: Company]
        public let customFields: [String: TicketField]
    }

    public func list(_ request: ListRequest, page: PageRequest, including embeds: Set<Embed>, by principal: Principal)
        async throws -> Listing
    {
        let store = self.helpdesk.store
        let tenant = principal.tenant
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            var requesters: Set<UserID>?
            func narrow(_ ids: [UserID]) { requesters = requesters.map { $0.intersection(ids) } ?? Set(ids) }
            if let id = request.requesterID { narrow([id]) }
            if let email = request.requesterEmail {
                narrow(try await store.contacts.userID(email: email, tenant, on: sql).map { [$0] } ?? [])
            }
            if let external = request.requesterExternalID {
                narrow(try await store.contacts.userID(externalID: external, tenant, on: sql).map { [$0] } ?? [])
            }
            var query = request.query
            query.requesterIDs = requesters.map { Array($0) }
            let tickets = try await store.tickets.list(
                tenant, query, page: page, withDescription: embeds.contains(.description), on: sql)
            let contacts =
                embeds.contains(.requester) ? try await store.contacts.find(tenant, ids: tickets.items.map(\.requesterID), on: sql) : [:]
            let names =
                embeds.contains(.requesterNames)
                ? try await store.contacts.names(tenant, ids: tickets.items.map(\.requesterID), on: sql) : [:]
            let companies =
                embeds.contains(.company)
                ? try await store.companies.find(tenant, ids: tickets.items.compactMap(\.companyID), on: sql) : [:]
            let custom = try await store.ticketFields.customFields(tenant, on: sql)
            return Listing(
                tickets: tickets, requesters: contacts, requesterNames: names, companies: companies, customFields: custom)
        }
    }

    /// Tickets matching a search expression (Freshdesk's query language), `total` counted over all pages.
    public func search(_ expression: SearchExpression, page: PageRequest, by principal: Principal) async throws
        -> (total: Int64, tickets: [Ticket], customFields: [String: TicketField])
    {
        try principal.require(.readHelpdesk)
        let store = self.helpdesk.store
        let tenant = principal.tenant
        if expression.mentions("text") {
            // Words of tickets created moments ago are indexed in batches; index them now so the search sees them.
            try await TermIndexer.catchUp(tenant, store: store)
        }
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            let custom = try await store.ticketFields.customFields(tenant, on: sql)
            let indexes = try await store.keys.indexes(tenant, on: sql)
            let compiler = SearchCompiler(resource: .tickets(customFields: custom), indexes: indexes, tenant: tenant, on: sql)
            let found = try await store.tickets.search(tenant, try compiler.compile(expression), page: page, on: sql)
            return (found.total, found.items, custom)
        }
    }

    /// A live or trashed ticket's conversations, oldest first, with the files of each (by conversation id).
    public func conversations(of id: TicketID, page: PageRequest, by principal: Principal) async throws -> (
        Page<Conversation>, attachments: [ConversationID: [Attachment]]
    ) {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.tickets.find(principal.tenant, id, on: sql) != nil else { throw HavenError.notFound }
            let page = try await store.conversations.list(principal.tenant, ticket: id, page: page, on: sql)
            let files = try await store.attachments.list(principal.tenant, ticket: id, on: sql)
            return (page, Dictionary(grouping: files.filter { $0.conversationID != nil }, by: { $0.conversationID! }))
        }
    }

    /// Throws `notFound` unless the ticket exists in the principal's tenant.
    public func requireExists(_ id: TicketID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.tickets.find(principal.tenant, id, on: sql) != nil else { throw HavenError.notFound }
        }
    }
}
