public import HavenCore
import HavenStore

/// Deletes a time entry. One transaction with its `time_entry.deleted` entry.
public struct DeleteTimeEntry: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: TimeEntryID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard let entry = try await store.timeEntries.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            try await store.timeEntries.delete(change.tenant, id, on: change.sql)
            try await change.record(.timeEntryDeleted, .timeEntry(id), details: ["ticket_id": .id(entry.ticketID)])
        }
    }
}
