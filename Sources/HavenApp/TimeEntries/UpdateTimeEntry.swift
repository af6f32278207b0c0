public import HavenCore
import HavenStore

/// Changes a time entry: its agent, billing, note, duration or timer (Freshdesk's rules: no new start time or agent
/// while the timer runs, no duration while it runs). One transaction with its `time_entry.updated` entry.
public struct UpdateTimeEntry: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: TimeEntryID, _ changes: TimeEntryChanges, by principal: Principal) async throws -> TimeEntry {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard var entry = try await store.timeEntries.find(change.tenant, id, on: change.sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            let errors = TimeEntryRules.check(changes, current: entry, now: change.now)
            if !errors.isEmpty { throw HavenError.validation(errors) }
            let previous = entry
            if let agent = changes.agentID, agent != entry.agentID {
                try await TimeEntryRules.checkAgent(agent, store: store, change: change)
                entry.agentID = agent
            }
            if let billable = changes.billable { entry.billable = billable }
            if let note = changes.note { entry.note = note }
            if let executed = changes.executedAt { entry.executedAt = executed }
            if let running = changes.timerRunning, running != entry.timerRunning { entry.toggleTimer(at: change.now) }
            if let start = changes.startTime { entry.startTime = start }
            if let spent = changes.timeSpent { entry.accumulatedSeconds = spent }
            entry.updatedAt = change.now
            if entry.timerRunning, !previous.timerRunning {
                try await TimeEntryRules.stopOtherTimers(of: entry.agentID, except: id, store: store, change: change)
            }
            try await store.timeEntries.update(entry, on: change.sql)
            try await change.record(.timeEntryUpdated, .timeEntry(id), before: .timeEntry(previous), after: .timeEntry(entry))
            return entry
        }
    }
}
