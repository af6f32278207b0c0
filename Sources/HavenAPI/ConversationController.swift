import HavenCore
import HavenStore

/// Replies and notes on a ticket, and editing or deleting them.
struct ConversationController: Sendable {
    let store: Store

    var routes: [Route] {
        [
            Route(.get, "/tickets/:id/conversations", .readHelpdesk, handler: self.list),
            Route(.post, "/tickets/:id/reply", .workTickets, body: .json, handler: self.reply),
            Route(.post, "/tickets/:id/notes", .workTickets, body: .json, handler: self.note),
            Route(.put, "/conversations/:id", .workTickets, body: .json, handler: self.update),
            Route(.delete, "/conversations/:id", .workTickets, handler: self.delete),
        ]
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let page = try Pagination.request(request.query)
        let ticketID: TicketID = try request.id()
        let result = try await self.store.read { sql -> Page<Conversation>? in
            guard try await self.store.tickets.find(request.tenantID, ticketID, on: sql) != nil else { return nil }
            return try await self.store.conversations.list(request.tenantID, ticket: ticketID, page: page, on: sql)
        }
        guard let result else { throw HavenError.notFound }
        return Pagination.response(result, request: request, path: "/tickets/\(ticketID)/conversations") {
            .object(Presenters.conversation($0))
        }
    }

    @Sendable func reply(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body", "from_email", "user_id", "cc_emails", "bcc_emails"])
        fields.require("body")
        let body = fields.nonNullString("body", maxLength: 1_000_000)
        let fromEmail = fields.email("from_email")
        let userID: UserID?? = fields.id("user_id")
        let cc = fields.emailArray("cc_emails")
        let bcc = fields.emailArray("bcc_emails")
        try fields.finish()
        let conversation = try await self.add(request, action: "ticket.replied", userID: (userID ?? nil) ?? request.agentID) {
            id, ticketID in
            var c = Conversation(
                tenantID: request.tenantID,
                id: id,
                ticketID: ticketID,
                body: body ?? "",
                source: Conversation.replySource,
                category: 3,
                createdAt: request.now
            )
            c.fromEmail = fromEmail ?? nil
            c.ccEmails = cc ?? []
            c.bccEmails = bcc ?? []
            c.isPrivate = false
            c.incoming = false
            return c
        }
        var object = Presenters.conversation(conversation)
        object.append("replied_to", .strings(conversation.toEmails))
        return .created(.object(object), location: "\(request.baseURL)/api/v2/conversations/\(conversation.id)")
    }

    @Sendable func note(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body", "private", "incoming", "notify_emails", "user_id"])
        fields.require("body")
        let body = fields.nonNullString("body", maxLength: 1_000_000)
        let isPrivate = fields.boolean("private")
        let incoming = fields.boolean("incoming")
        let notify = fields.emailArray("notify_emails")
        let userID: UserID?? = fields.id("user_id")
        try fields.finish()
        let conversation = try await self.add(request, action: "ticket.note_added", userID: (userID ?? nil) ?? request.agentID) {
            id, ticketID in
            var c = Conversation(
                tenantID: request.tenantID,
                id: id,
                ticketID: ticketID,
                body: body ?? "",
                source: Conversation.noteSource,
                category: 2,
                createdAt: request.now
            )
            c.isPrivate = isPrivate ?? true
            c.incoming = incoming ?? false
            c.toEmails = notify ?? []
            return c
        }
        var object = Presenters.conversation(conversation)
        object.append("notified_to", .strings(conversation.toEmails))
        return .created(.object(object), location: "\(request.baseURL)/api/v2/conversations/\(conversation.id)")
    }

    /// Adds a conversation to a live ticket and updates the ticket's response stats, in one transaction with its
    /// audit event (target: the conversation).
    private func add(
        _ request: APIRequest,
        action: String,
        userID: UserID,
        make: @Sendable (ConversationID, TicketID) -> Conversation
    ) async throws -> Conversation {
        let ticketID: TicketID = try request.id()
        return try await self.store.write { sql in
            // A trashed ticket takes no new conversations (404, as Freshdesk).
            guard var ticket = try await self.store.tickets.find(request.tenantID, ticketID, on: sql)?.requireReadable(), !ticket.deleted
            else { throw HavenError.notFound }
            let previous = ticket
            guard let user = try await self.store.contacts.find(request.tenantID, userID, on: sql) else {
                throw HavenError.validation([.invalid("user_id", "There is no user matching the given user_id")])
            }
            var conversation = make(ConversationID(try await IDSequences.next("conversations", on: sql)), ticketID)
            conversation.userID = userID
            try await self.store.conversations.insert(conversation, ticket: ticket, on: sql)
            if conversation.source == Conversation.replySource {
                ticket.stats = TicketLifecycle.apply(
                    user.isAgent ? .agentReplied : .requesterReplied,
                    to: ticket.stats,
                    at: request.now
                )
            }
            ticket.updatedAt = request.now
            try await self.store.tickets.update(ticket, previous: previous, on: sql)
            try await self.store.audit.record(
                request.event(
                    action, "conversation", conversation.id, before: nil, after: Presenters.conversation(conversation),
                    revealing: AuditedFields.conversation),
                on: sql)
            return conversation
        }
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body"])
        fields.require("body")
        let body = fields.nonNullString("body", maxLength: 1_000_000)
        try fields.finish()
        let id: ConversationID = try request.id()
        let updated = try await self.store.write { sql -> Conversation in
            guard var conversation = try await self.store.conversations.find(request.tenantID, id, on: sql)?.requireReadable(),
                let ticket = try await self.store.tickets.find(request.tenantID, conversation.ticketID, on: sql)
            else {
                throw HavenError.notFound
            }
            guard conversation.source == Conversation.noteSource else {
                throw HavenError.methodNotAllowed(message: "Only notes can be edited", allow: ["DELETE"])
            }
            let previous = conversation
            conversation.body = body ?? ""
            conversation.updatedAt = request.now
            conversation.lastEditedAt = request.now
            conversation.lastEditedUserID = request.agentID
            try await self.store.conversations.updateBody(conversation, ticket: ticket, on: sql)
            try await self.store.tickets.reindexTerms(ticket.requireReadable(), on: sql)
            try await self.store.audit.record(
                request.event(
                    "conversation.updated", "conversation", id, before: Presenters.conversation(previous),
                    after: Presenters.conversation(conversation), revealing: AuditedFields.conversation),
                on: sql)
            return conversation
        }
        return .ok(.object(Presenters.conversation(updated)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let id: ConversationID = try request.id()
        try await self.store.write { sql in
            guard let conversation = try await self.store.conversations.find(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            try await self.store.conversations.delete(request.tenantID, id, on: sql)
            // The thread's words are a set over every message: rebuild it without the deleted one.
            if let ticket = try await self.store.tickets.find(request.tenantID, conversation.ticketID, on: sql), ticket.unreadable == nil {
                try await self.store.tickets.reindexTerms(ticket, on: sql)
            }
            try await self.store.audit.record(
                request.event("conversation.deleted", "conversation", id, details: ["ticket_id": .id(conversation.ticketID)]), on: sql)
        }
        return .noContent
    }
}
