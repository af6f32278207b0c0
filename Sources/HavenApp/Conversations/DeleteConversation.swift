public import HavenCore
import HavenStore

/// Deletes a reply or note and rebuilds the ticket's word index without it. One transaction with its
/// `conversation.deleted` entry.
public struct DeleteConversation: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: ConversationID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard let conversation = try await store.conversations.find(change.tenant, id, on: change.sql) else {
                throw HavenError.notFound
            }
            try await store.conversations.delete(change.tenant, id, on: change.sql)
            // The thread's words are a set over every message: rebuild it without the deleted one.
            if let ticket = try await store.tickets.find(change.tenant, conversation.ticketID, on: change.sql),
                ticket.unreadable == nil
            {
                try await store.tickets.reindexTerms(ticket, on: change.sql)
            }
            try await change.record(.conversationDeleted, .conversation(id), details: ["ticket_id": .id(conversation.ticketID)])
        }
    }
}
