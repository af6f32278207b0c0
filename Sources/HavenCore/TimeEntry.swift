/// Time an agent spent on a ticket, entered as a duration or measured by a timer. A running timer's time counts
/// from `startTime`; stopping it adds that interval to `accumulatedSeconds`.
public struct TimeEntry: Sendable, Equatable, SealedRecord {
    public var recordName: String { "Time entry \(self.id)" }

    public var tenantID: TenantID
    public var id: TimeEntryID
    public var ticketID: TicketID
    public var agentID: UserID
    public var billable = true
    /// The agent's note about the work: part of the ticket's thread, sealed under the requester's key.
    public var note: String?
    public var timerRunning = false
    /// Time recorded so far, not counting a running timer's current interval.
    public var accumulatedSeconds: Int64 = 0
    /// When the timer last started (or the entry was made).
    public var startTime: Timestamp
    /// When the work was done (defaults to the entry's creation).
    public var executedAt: Timestamp
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var unreadable: Unreadable?

    public init(tenantID: TenantID, id: TimeEntryID, ticketID: TicketID, agentID: UserID, createdAt: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.ticketID = ticketID
        self.agentID = agentID
        self.startTime = createdAt
        self.executedAt = createdAt
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// The time spent as of `now`: the recorded time plus a running timer's current interval.
    public func secondsSpent(at now: Timestamp) -> Int64 {
        guard self.timerRunning else { return self.accumulatedSeconds }
        return self.accumulatedSeconds + max(0, now.secondsSince1970 - self.startTime.secondsSince1970)
    }

    /// Starts or stops the timer at `now` (a stopped timer keeps what it measured).
    public mutating func toggleTimer(at now: Timestamp) {
        if self.timerRunning {
            self.accumulatedSeconds = self.secondsSpent(at: now)
            self.timerRunning = false
        } else {
            self.timerRunning = true
            self.startTime = now
        }
    }

    /// `hh:mm`, as Freshdesk writes time spent (hours may exceed two digits; seconds are dropped).
    public static func format(seconds: Int64) -> String {
        let minutes = max(0, seconds) / 60
        let hours = minutes / 60
        let rest = minutes % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }

    /// Seconds from `hh:mm` (minutes 0–59, hours 0–9999), or nil when the text is not of that form.
    public static func parse(timeSpent text: String) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...4).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let hours = Int64(parts[0]), let minutes = Int64(parts[1]), minutes < 60
        else { return nil }
        return hours * 3600 + minutes * 60
    }
}
