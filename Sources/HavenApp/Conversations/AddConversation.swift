public import HavenCore
import HavenStore

/// Adds a reply or a note to a live ticket and updates the ticket's response stats: what `AddReply` and `AddNote`
/// share. One transaction with its entry (target: the conversation).
struct AddConversation: Sendable {
    let helpdesk: Helpdesk

    func callAsFunction(
        to ticketID: TicketID,
        author: UserID?,
        action: AuditAction,
        ifVersion: String? = nil,
        attachments: [FileUpload] = [],
        by principal: Principal,
        make: @Sendable (ConversationID, Timestamp) -> Conversation
    ) async throws -> Conversation {
        try AttachmentWriter.check(attachments, maxBytes: self.helpdesk.settings.maxAttachmentBytes)
        let added = try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            try await self.add(
                to: ticketID, author: author, action: action, requester: nil, ifVersion: ifVersion, attachments: attachments, in: change,
                make: make)
        }
        // After the commit: a reply may have queued mail, and the outbox service reads only committed rows.
        self.helpdesk.outbox.notify()
        return added
    }

    /// The conversation added inside `change`; with `requester`, only to a ticket of theirs (the portal), else 404.
    func add(
        to ticketID: TicketID,
        author: UserID?,
        action: AuditAction,
        requester: UserID?,
        ifVersion: String? = nil,
        attachments: [FileUpload] = [],
        in change: Change,
        make: @Sendable (ConversationID, Timestamp) -> Conversation
    ) async throws -> Conversation {
        let store = self.helpdesk.store
        let principal = change.principal
        // A trashed ticket takes no new conversations (404, as Freshdesk).
        guard var ticket = try await store.tickets.find(change.tenant, ticketID, on: change.sql)?.requireReadable(),
            !ticket.deleted, requester == nil || (ticket.requesterID == requester && !ticket.spam)
        else { throw HavenError.notFound }
        // A form shown before the ticket changed (a new message, or the same form sent twice) adds nothing.
        if let ifVersion, try await RecordVersion.of(ticket, store: store, on: change.sql) != ifVersion { throw RecordVersion.changed }
        let previous = ticket
        guard let authorID = author ?? principal.agentID,
            let user = try await store.contacts.find(change.tenant, authorID, on: change.sql)
        else {
            throw HavenError.validation([.invalid("user_id", "There is no user matching the given user_id")])
        }
        var conversation = make(ConversationID(try await IDSequences.next("conversations", on: change.sql)), change.now)
        conversation.userID = authorID
        let masked = try await CardMasks(store: store).apply(to: &conversation)
        try await store.conversations.insert(conversation, ticket: ticket, on: change.sql)
        try await AttachmentWriter(store: store).store(attachments, on: ticket, conversation: conversation.id, in: change)
        if conversation.source == Conversation.replySource {
            ticket.stats = TicketLifecycle.apply(
                user.isAgent ? .agentReplied : .requesterReplied, to: ticket.stats, at: change.now)
        }
        // A customer's reply puts the ticket back in front of the agents, whatever its status (as Freshdesk does):
        // the reply and the status change are one change, each with its entry.
        let reopens = !user.isAgent && !conversation.isPrivate && ticket.status != .open
        if reopens {
            ticket.status = .open
            ticket.stats = TicketLifecycle.apply(.statusChanged(from: previous.status, to: .open), to: ticket.stats, at: change.now)
        }
        // An agent's public reply answers; a customer's reply awaits an answer; a note changes nothing but the status.
        let event: SLAClock.Event =
            conversation.source != Conversation.replySource || conversation.isPrivate
            ? .changed : (user.isAgent ? .agentReplied : .requesterReplied)
        let sla = try await store.sla.current(change.tenant, on: change.sql)
        ticket = SLAClock.apply(event, before: previous, to: ticket, setup: sla, now: change.now)
        ticket.updatedAt = change.now
        try await store.tickets.update(ticket, previous: previous, on: change.sql)
        try await change.record(
            action, .conversation(conversation.id), before: nil, after: .conversation(conversation), context: CardMasks.context(masked))
        // Freshdesk's mail semantics: an agent's reply, and an agent's public note ("agent adds comment"), go to the
        // requester; a note's `notify_emails` are told of it, private or not.
        if user.isAgent, !conversation.isPrivate, action == .ticketReplied || action == .ticketNoteAdded {
            try await MailOutbox(helpdesk: self.helpdesk).enqueueReply(conversation, on: ticket, files: attachments, in: change)
        }
        if user.isAgent, action == .ticketNoteAdded, !conversation.toEmails.isEmpty {
            try await MailOutbox(helpdesk: self.helpdesk).enqueueNoteNotice(
                conversation, by: user, on: ticket, files: attachments, in: change)
        }
        if reopens {
            try await change.record(.ticketUpdated, .ticket(ticket.id), before: .ticket(previous), after: .ticket(ticket))
        }
        return conversation
    }
}

/// A public reply on a ticket (to the requester).
public struct AddReply: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public struct Input: Sendable {
        public var body: String
        public var fromEmail: String?
        /// The author; the acting agent when nil.
        public var userID: UserID?
        public var ccEmails: [String] = []
        public var bccEmails: [String] = []
        /// The ticket's `RecordVersion` the form showed; nil takes the ticket as it is.
        public var ticketVersion: String?
        public var attachments: [FileUpload] = []

        public init(body: String) {
            self.body = body
        }
    }

    public func callAsFunction(_ input: Input, to ticketID: TicketID, by principal: Principal) async throws -> Conversation {
        try await AddConversation(helpdesk: self.helpdesk)(
            to: ticketID, author: input.userID, action: .ticketReplied, ifVersion: input.ticketVersion, attachments: input.attachments,
            by: principal
        ) { id, now in
            var c = Conversation(
                tenantID: principal.tenant, id: id, ticketID: ticketID, body: input.body, source: Conversation.replySource,
                category: 3, createdAt: now)
            c.fromEmail = input.fromEmail
            c.ccEmails = input.ccEmails
            c.bccEmails = input.bccEmails
            c.isPrivate = false
            c.incoming = false
            return c
        }
    }
}

/// A note on a ticket: private to agents by default.
public struct AddNote: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public struct Input: Sendable {
        public var body: String
        public var isPrivate = true
        public var incoming = false
        public var notifyEmails: [String] = []
        /// The author; the acting agent when nil.
        public var userID: UserID?
        /// The ticket's `RecordVersion` the form showed; nil takes the ticket as it is.
        public var ticketVersion: String?
        public var attachments: [FileUpload] = []

        public init(body: String) {
            self.body = body
        }
    }

    public func callAsFunction(_ input: Input, to ticketID: TicketID, by principal: Principal) async throws -> Conversation {
        try await AddConversation(helpdesk: self.helpdesk)(
            to: ticketID, author: input.userID, action: .ticketNoteAdded, ifVersion: input.ticketVersion, attachments: input.attachments,
            by: principal
        ) { id, now in
            var c = Conversation(
                tenantID: principal.tenant, id: id, ticketID: ticketID, body: input.body, source: Conversation.noteSource,
                category: 2, createdAt: now)
            c.isPrivate = input.isPrivate
            c.incoming = input.incoming
            c.toEmails = input.notifyEmails
            return c
        }
    }
}
