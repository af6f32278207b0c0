public import HavenCore
import HavenStore

/// Records time on a ticket: a duration (`time_spent`), or a running timer (the default when no duration is
/// given). Starting a timer stops the agent's other timer. One transaction with its `time_entry.created` entry.
public struct CreateTimeEntry: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ changes: TimeEntryChanges, on ticketID: TicketID, by principal: Principal) async throws -> TimeEntry {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            // A trashed ticket takes no new time (404, as for its conversations).
            guard let ticket = try await store.tickets.find(change.tenant, ticketID, on: change.sql), !ticket.deleted else {
                throw HavenError.notFound
            }
            let errors = TimeEntryRules.check(changes, current: nil, now: change.now)
            if !errors.isEmpty { throw HavenError.validation(errors) }
            guard let agent = changes.agentID ?? principal.agentID else {
                throw HavenError.validation([.missing("agent_id")])
            }
            try await TimeEntryRules.checkAgent(agent, store: store, change: change)
            let id = TimeEntryID(try await IDSequences.next("time_entries", on: change.sql))
            var entry = TimeEntry(tenantID: change.tenant, id: id, ticketID: ticketID, agentID: agent, createdAt: change.now)
            entry.billable = changes.billable ?? true
            entry.note = changes.note ?? nil
            entry.accumulatedSeconds = changes.timeSpent ?? 0
            entry.timerRunning = changes.timerRunning ?? (changes.timeSpent == nil || changes.startTime != nil)
            entry.startTime = changes.startTime ?? change.now
            entry.executedAt = changes.executedAt ?? change.now
            if entry.timerRunning {
                try await TimeEntryRules.stopOtherTimers(of: agent, except: id, store: store, change: change)
            }
            try await store.timeEntries.insert(entry, on: change.sql)
            try await change.record(.timeEntryCreated, .timeEntry(id), before: nil, after: .timeEntry(entry))
            return entry
        }
    }
}
