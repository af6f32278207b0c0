import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// Replies and notes on a ticket, and editing or deleting them.
struct ConversationController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/tickets/:id/conversations", .readHelpdesk, handler: self.list),
            Route(.post, "/tickets/:id/reply", .workTickets, body: .jsonOrForm, handler: self.reply),
            Route(.post, "/tickets/:id/notes", .workTickets, body: .jsonOrForm, handler: self.note),
            Route(.put, "/conversations/:id", .workTickets, body: .json, handler: self.update),
            Route(.delete, "/conversations/:id", .workTickets, handler: self.delete),
        ]
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let page = try Pagination.request(request.query)
        let ticketID: TicketID = try request.id()
        let (conversations, files) = try await TicketQueries(self.helpdesk).conversations(
            of: ticketID, page: page, by: request.principal)
        return Pagination.response(conversations, request: request, path: "/tickets/\(ticketID)/conversations") {
            .object(Presenters.conversation($0, attachments: files[$0.id] ?? [], baseURL: request.baseURL))
        }
    }

    @Sendable func reply(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body", "from_email", "user_id", "cc_emails", "bcc_emails"])
        fields.require("body")
        var input = AddReply.Input(body: fields.nonNullString("body", maxLength: 1_000_000) ?? "")
        input.fromEmail = fields.email("from_email") ?? nil
        input.userID = fields.id("user_id") ?? nil
        input.ccEmails = fields.emailArray("cc_emails") ?? []
        input.bccEmails = fields.emailArray("bcc_emails") ?? []
        input.attachments = request.files
        try fields.finish()
        let conversation = try await AddReply(self.helpdesk)(input, to: try request.id(), by: request.principal)
        var object = try await self.present(conversation, request)
        object.append("replied_to", .strings(conversation.toEmails))
        return .created(.object(object), location: "\(request.baseURL)/api/v2/conversations/\(conversation.id)")
    }

    @Sendable func note(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body", "private", "incoming", "notify_emails", "user_id"])
        fields.require("body")
        var input = AddNote.Input(body: fields.nonNullString("body", maxLength: 1_000_000) ?? "")
        input.isPrivate = fields.boolean("private") ?? true
        input.incoming = fields.boolean("incoming") ?? false
        input.notifyEmails = fields.emailArray("notify_emails") ?? []
        input.userID = fields.id("user_id") ?? nil
        input.attachments = request.files
        try fields.finish()
        let conversation = try await AddNote(self.helpdesk)(input, to: try request.id(), by: request.principal)
        var object = try await self.present(conversation, request)
        object.append("notified_to", .strings(conversation.toEmails))
        return .created(.object(object), location: "\(request.baseURL)/api/v2/conversations/\(conversation.id)")
    }

    /// A new conversation with the files it was sent with.
    func present(_ conversation: Conversation, _ request: APIRequest) async throws -> JSONObject {
        guard !request.files.isEmpty else { return Presenters.conversation(conversation) }
        let files = try await AttachmentQueries(self.helpdesk).list(ticket: conversation.ticketID, by: request.principal)
        return Presenters.conversation(
            conversation, attachments: files.filter { $0.conversationID == conversation.id }, baseURL: request.baseURL)
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body"])
        fields.require("body")
        let body = fields.nonNullString("body", maxLength: 1_000_000)
        try fields.finish()
        let updated = try await EditNote(self.helpdesk)(try request.id(), body: body ?? "", by: request.principal)
        return .ok(.object(Presenters.conversation(updated)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await DeleteConversation(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }
}
