public import HavenCore
import HavenStore

/// Moves a ticket to the trash, where it stays restorable until the trash purge deletes it for good. One
/// transaction with its `ticket.deleted` entry.
public struct TrashTicket: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: TicketID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .deleteTickets) { change in
            guard var ticket = try await store.tickets.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            guard !ticket.deleted else {
                throw HavenError.methodNotAllowed(message: "The ticket is already in the trash", allow: ["GET", "PUT"])
            }
            let previous = ticket
            ticket.deleted = true
            ticket.deletedAt = change.now
            ticket.updatedAt = change.now
            try await store.tickets.update(ticket, previous: previous, on: change.sql)
            try await change.record(.ticketDeleted, .ticket(id))
        }
    }
}
