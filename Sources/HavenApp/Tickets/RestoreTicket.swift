public import HavenCore
import HavenStore

/// Takes a ticket back out of the trash. One transaction with its `ticket.restored` entry.
public struct RestoreTicket: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: TicketID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .deleteTickets) { change in
            guard var ticket = try await store.tickets.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            guard ticket.deleted else {
                throw HavenError.validation([FieldError(field: "id", message: "The ticket is not in the trash", code: .inconsistentState)])
            }
            let previous = ticket
            ticket.deleted = false
            ticket.deletedAt = nil
            ticket.updatedAt = change.now
            try await store.tickets.update(ticket, previous: previous, on: change.sql)
            try await change.record(.ticketRestored, .ticket(id))
        }
    }
}
