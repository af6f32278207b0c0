import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/tickets/{id}/summary` in Freshdesk's shape (a conversation-like object): view, write (PUT, creating it if
/// there is none) and delete.
struct TicketSummaryController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/tickets/:id/summary", .readHelpdesk, handler: self.view),
            Route(.put, "/tickets/:id/summary", .workTickets, body: .json, handler: self.write),
            Route(.delete, "/tickets/:id/summary", .workTickets, handler: self.delete),
        ]
    }

    static func present(_ s: TicketSummary) -> JSONObject {
        [
            "id": .int(s.id), "body": .string(s.bodyHTML), "body_text": .string(HTMLText.plainText(s.bodyHTML)),
            "ticket_id": .id(s.ticketID), "user_id": .id(s.userID), "attachments": .array([]),
            "created_at": .timestamp(s.createdAt), "updated_at": .timestamp(s.updatedAt), "last_edited_at": .timestamp(s.updatedAt),
            "last_edited_user_id": .id(s.userID),
        ]
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.present(try await TicketSummaries(self.helpdesk).view(try request.id(), by: request.principal))))
    }

    @Sendable func write(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body"])
        fields.require("body")
        let body = fields.nonNullString("body", maxLength: 65_535)
        try fields.finish()
        let summary = try await TicketSummaries(self.helpdesk).write(body ?? "", on: try request.id(), by: request.principal)
        return .ok(.object(Self.present(summary)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await TicketSummaries(self.helpdesk).delete(try request.id(), by: request.principal)
        return .noContent
    }
}
