public import HavenCore
import HavenStore

/// The time entry fields a create or update may set, already checked for shape by the channel that read them.
public struct TimeEntryChanges: Sendable {
    /// The agent the time is for; the acting agent when nil on create.
    public var agentID: UserID?
    public var billable: Bool?
    public var note: String??
    /// Seconds; the `hh:mm` of the API.
    public var timeSpent: Int64?
    public var timerRunning: Bool?
    public var startTime: Timestamp?
    public var executedAt: Timestamp?

    public init() {}
}

/// Freshdesk's rules for timers and times, shared by create and update.
enum TimeEntryRules {
    /// Checks `changes` against the entry as it is (`current`, nil on create) and the time now.
    static func check(_ changes: TimeEntryChanges, current: TimeEntry?, now: Timestamp) -> [FieldError] {
        var errors: [FieldError] = []
        // The timer runs afterwards: as asked, else as it was, else (on create) unless only a duration was given.
        let running = changes.timerRunning ?? current?.timerRunning ?? (changes.timeSpent == nil || changes.startTime != nil)
        if let start = changes.startTime {
            if start > now {
                errors.add(.invalid("start_time", "It cannot be later than the current time"))
            } else if !running {
                errors.add(.invalid("start_time", "It can only be given when the timer runs (timer_running true)"))
            } else if current?.timerRunning == true {
                errors.add(.invalid("start_time", "It cannot be changed while the timer is running"))
            }
        }
        if let executed = changes.executedAt, executed > now {
            errors.add(.invalid("executed_at", "It cannot be later than the current time"))
        }
        if changes.timeSpent != nil, running {
            errors.add(.invalid("time_spent", "It cannot be given while the timer runs; stop it (timer_running false)"))
        }
        if let current, let agent = changes.agentID, agent != current.agentID, current.timerRunning {
            errors.add(.invalid("agent_id", "It cannot be changed while the timer is running"))
        }
        if let current, let wanted = changes.timerRunning, wanted == current.timerRunning {
            errors.add(.invalid("timer_running", "The timer is already \(wanted ? "running" : "stopped")"))
        }
        return errors
    }

    /// The agent named must be an agent of the tenant.
    static func checkAgent(_ agent: UserID, store: Store, change: Change) async throws {
        guard try await store.agents.exists(change.tenant, agent, on: change.sql) else {
            throw HavenError.validation([.invalid("agent_id", "There is no agent matching the given agent_id")])
        }
    }

    /// One timer runs per agent: starting one stops the agent's others, their time kept.
    static func stopOtherTimers(of agent: UserID, except id: TimeEntryID, store: Store, change: Change) async throws {
        for var other in try await store.timeEntries.running(change.tenant, agent: agent, on: change.sql) where other.id != id {
            other.toggleTimer(at: change.now)
            other.updatedAt = change.now
            try await store.timeEntries.update(other, on: change.sql)
            try await change.record(.timeEntryTimerToggled, .timeEntry(other.id), details: ["timer_running": false])
        }
    }
}
