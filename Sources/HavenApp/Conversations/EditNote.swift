public import HavenCore
import HavenStore

/// Changes a note's body (replies, once sent, cannot be edited) and re-indexes the ticket's words. One transaction
/// with its `conversation.updated` entry.
public struct EditNote: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: ConversationID, body: String, by principal: Principal) async throws -> Conversation {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard var conversation = try await store.conversations.find(change.tenant, id, on: change.sql)?.requireReadable(),
                let ticket = try await store.tickets.find(change.tenant, conversation.ticketID, on: change.sql)
            else { throw HavenError.notFound }
            guard conversation.source == Conversation.noteSource else {
                throw HavenError.methodNotAllowed(message: "Only notes can be edited", allow: ["DELETE"])
            }
            let previous = conversation
            conversation.body = body
            conversation.updatedAt = change.now
            conversation.lastEditedAt = change.now
            conversation.lastEditedUserID = principal.agentID
            try await store.conversations.updateBody(conversation, ticket: ticket, on: change.sql)
            try await store.tickets.reindexTerms(ticket.requireReadable(), on: change.sql)
            try await change.record(
                .conversationUpdated, .conversation(id), before: .conversation(previous), after: .conversation(conversation))
            return conversation
        }
    }
}
