public import HavenCore
import HavenStore

/// Starts a stopped timer (stopping the agent's other one) or stops a running one, keeping what it measured. One
/// transaction with its `time_entry.timer_toggled` entry.
public struct ToggleTimeEntryTimer: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: TimeEntryID, by principal: Principal) async throws -> TimeEntry {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard var entry = try await store.timeEntries.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            entry.toggleTimer(at: change.now)
            entry.updatedAt = change.now
            if entry.timerRunning {
                try await TimeEntryRules.stopOtherTimers(of: entry.agentID, except: id, store: store, change: change)
            }
            try await store.timeEntries.update(entry, on: change.sql)
            try await change.record(
                .timeEntryTimerToggled, .timeEntry(id),
                details: ["timer_running": .bool(entry.timerRunning), "time_spent_seconds": .int(entry.secondsSpent(at: change.now))])
            return entry
        }
    }
}
