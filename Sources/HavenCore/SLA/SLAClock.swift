/// The SLA as a pure state machine over a ticket: given the ticket before and after a change, the tenant's policies
/// and calendars, and the time, it sets the due dates, stops and restarts the clock, and decides what the escalation
/// service flags and whom it tells. No storage, no clock of its own: the use cases feed it and persist the result.
///
/// - Due dates count from the ticket's creation in the target's time (business hours of the ticket's group, or the
///   default hours, or around the clock), plus the time the clock has stood.
/// - The clock stands while the ticket is pending, waiting on the customer, resolved or closed; when it runs again
///   the dates not yet passed move on by the time it stood.
/// - A new policy, priority or calendar recomputes the dates (not the ones a person set); a date moved into the future
///   clears its escalation flag.
/// - The first response date stops counting at the first agent reply; a customer's reply after an agent's sets the
///   next-response date, an agent's reply clears it.
public enum SLAClock {
    public enum Event: Sendable, Equatable {
        case created
        case changed
        case agentReplied
        case requesterReplied
    }

    /// The tenant's SLA configuration as the clock needs it.
    public struct Setup: Sendable {
        /// Active policies, default last, else by position.
        public let policies: [SLAPolicy]
        public let calendars: [BusinessHoursID: BusinessCalendar]
        public let defaultHours: BusinessHoursID?
        /// Each group's own business hours.
        public let groupHours: [GroupID: BusinessHoursID]

        public init(
            policies: [SLAPolicy], calendars: [BusinessHoursID: BusinessCalendar], defaultHours: BusinessHoursID?,
            groupHours: [GroupID: BusinessHoursID]
        ) {
            self.policies = policies.filter(\.active).sorted {
                ($0.isDefault ? 1 : 0, $0.position, $0.id) < ($1.isDefault ? 1 : 0, $1.position, $1.id)
            }
            self.calendars = calendars
            self.defaultHours = defaultHours
            self.groupHours = groupHours
        }

        public static let none = Setup(policies: [], calendars: [:], defaultHours: nil, groupHours: [:])

        public func policy(for ticket: Ticket) -> SLAPolicy? {
            self.policies.first { $0.applies(to: ticket) }
        }

        public func policy(_ id: SLAPolicyID?) -> SLAPolicy? {
            id.flatMap { id in self.policies.first { $0.id == id } }
        }

        /// The business hours a ticket counts in: its group's, else the default.
        public func hoursID(for ticket: Ticket) -> BusinessHoursID? {
            ticket.groupID.flatMap { self.groupHours[$0] } ?? self.defaultHours
        }

        /// How a ticket's target counts time.
        func time(for ticket: Ticket, target: SLATarget?) -> WorkingTime {
            guard target?.businessHours == true, let id = self.hoursID(for: ticket), let calendar = self.calendars[id] else {
                return .aroundTheClock
            }
            return .business(calendar)
        }
    }

    /// What passed when the escalation service looked.
    public enum Breach: String, Sendable, CaseIterable {
        case firstResponse = "first_response"
        case nextResponse = "next_response"
        case resolution

        /// What was due, as a sentence names it ("overdue for first response").
        public var displayName: String {
            switch self {
            case .firstResponse: return "first response"
            case .nextResponse: return "response"
            case .resolution: return "resolution"
            }
        }
    }

    /// A notice owed to escalation agents.
    public struct Notice: Sendable, Equatable {
        public let breach: Breach
        /// 0 for the response step, 1–4 for the resolution levels.
        public let level: Int
        public let agentIDs: [Int64]
    }

    /// Statuses the clock stands in.
    public static func stands(_ status: TicketStatus) -> Bool {
        switch status {
        case .open: return false
        case .pending, .waitingOnCustomer, .resolved, .closed: return true
        }
    }

    /// `ticket` after `event`, its SLA fields brought up to date. `before` is the ticket as it was (nil on create).
    public static func apply(_ event: Event, before: Ticket?, to ticket: Ticket, setup: Setup, now: Timestamp) -> Ticket {
        var t = ticket
        let policy = setup.policy(for: t)
        let target = policy?.targets[t.priority]
        let time = setup.time(for: t, target: target)
        // The clock stopping and starting again.
        let stoodBefore = before.map { Self.stands($0.status) } ?? false
        let standsNow = Self.stands(t.status)
        if event == .created {
            t.sla.pausedAt = standsNow ? now : nil
        } else if !stoodBefore && standsNow {
            t.sla.pausedAt = now
        } else if stoodBefore && !standsNow, let since = t.sla.pausedAt {
            let stood = time.elapsed(from: since, to: now)
            t.sla.pausedSeconds += stood
            t.sla.pausedAt = nil
            // Dates that had not passed when the clock stopped move on by the time it stood.
            if !t.sla.manualDueBy, let due = t.dueBy, due > since { t.dueBy = time.adding(stood, to: due) }
            if !t.sla.manualFrDueBy, t.stats.firstRespondedAt == nil, let due = t.frDueBy, due > since {
                t.frDueBy = time.adding(stood, to: due)
            }
            if let due = t.nrDueBy, due > since { t.nrDueBy = time.adding(stood, to: due) }
        }
        // A new policy, priority or calendar (or a date handed back to the SLA) sets the dates again.
        let retarget =
            event == .created
            || before.map {
                $0.sla.policyID != policy?.id || $0.priority != t.priority || setup.hoursID(for: $0) != setup.hoursID(for: t)
                    || ($0.sla.manualDueBy && !t.sla.manualDueBy) || ($0.sla.manualFrDueBy && !t.sla.manualFrDueBy)
            } ?? true
        if retarget {
            t.sla.policyID = policy?.id
            if let target {
                let start = t.createdAt
                if !t.sla.manualDueBy { t.dueBy = time.adding(target.resolveWithin + t.sla.pausedSeconds, to: start) }
                if !t.sla.manualFrDueBy, t.stats.firstRespondedAt == nil {
                    t.frDueBy = time.adding(target.respondWithin + t.sla.pausedSeconds, to: start)
                }
                if t.nrDueBy != nil, let next = target.nextRespondWithin, let asked = t.stats.requesterRespondedAt {
                    t.nrDueBy = time.adding(next, to: asked)
                }
            }
        }
        switch event {
        case .agentReplied:
            t.nrDueBy = nil
        case .requesterReplied:
            // Only a reply to an agent's answer awaits a "next" response; before the first, the first-response date runs.
            if t.stats.firstRespondedAt != nil, let next = target?.nextRespondWithin {
                t.nrDueBy = time.adding(next, to: now)
                t.nrEscalated = false
                t.sla.notified &= ~1
            }
        case .created, .changed:
            break
        }
        // A date now in the future is not overdue any more (a later escalation is flagged again).
        if let due = t.dueBy, due > now, due != before?.dueBy {
            t.isEscalated = false
            t.sla.notified &= 1
        }
        if let due = t.frDueBy, due > now, due != before?.frDueBy { t.frEscalated = false }
        t.sla.nextCheck = Self.nextCheck(t, policy: setup.policy(t.sla.policyID))
        return t
    }

    /// Flags the targets that have passed by `now` and names the notices owed; the ticket's next check follows.
    public static func escalate(_ ticket: Ticket, setup: Setup, now: Timestamp) -> (ticket: Ticket, breaches: [Breach], notices: [Notice]) {
        var t = ticket
        var breaches: [Breach] = []
        var notices: [Notice] = []
        guard Self.watched(t) else {
            t.sla.nextCheck = nil
            return (t, [], [])
        }
        if !t.frEscalated, t.stats.firstRespondedAt == nil, let due = t.frDueBy, due <= now {
            t.frEscalated = true
            breaches.append(.firstResponse)
        }
        if !t.nrEscalated, let due = t.nrDueBy, due <= now {
            t.nrEscalated = true
            breaches.append(.nextResponse)
        }
        if !t.isEscalated, let due = t.dueBy, due <= now {
            t.isEscalated = true
            breaches.append(.resolution)
        }
        let policy = setup.policy(t.sla.policyID)
        for (bit, notice, at) in Self.owedNotices(t, policy: policy) where at <= now {
            t.sla.notified |= 1 << bit
            notices.append(notice)
        }
        t.sla.nextCheck = Self.nextCheck(t, policy: policy)
        return (t, breaches, notices)
    }

    /// The earliest instant something falls due for the escalation service; nil when the clock stands or all is done.
    public static func nextCheck(_ t: Ticket, policy: SLAPolicy?) -> Timestamp? {
        guard Self.watched(t) else { return nil }
        var times: [Timestamp] = []
        if !t.frEscalated, t.stats.firstRespondedAt == nil, let due = t.frDueBy { times.append(due) }
        if !t.nrEscalated, let due = t.nrDueBy { times.append(due) }
        if !t.isEscalated, let due = t.dueBy { times.append(due) }
        times += Self.owedNotices(t, policy: policy).map(\.at)
        return times.min()
    }

    private static func watched(_ t: Ticket) -> Bool {
        !Self.stands(t.status) && !t.deleted && !t.spam
    }

    /// The notices not yet sent, each with its bit and when it falls due (only for targets with escalation on).
    private static func owedNotices(_ t: Ticket, policy: SLAPolicy?) -> [(bit: Int, notice: Notice, at: Timestamp)] {
        guard let policy, policy.targets[t.priority]?.escalationEnabled == true else { return [] }
        var owed: [(Int, Notice, Timestamp)] = []
        if let step = policy.escalation.response, t.sla.notified & 1 == 0 {
            // The response step covers the first response and, once answered, the next one.
            let due = t.stats.firstRespondedAt == nil ? t.frDueBy : t.nrDueBy
            if let due {
                owed.append(
                    (
                        0,
                        Notice(breach: t.stats.firstRespondedAt == nil ? .firstResponse : .nextResponse, level: 0, agentIDs: step.agentIDs),
                        due.adding(seconds: step.after)
                    ))
            }
        }
        if let due = t.dueBy {
            for (index, step) in policy.escalation.resolution.prefix(4).enumerated() where t.sla.notified & (1 << (index + 1)) == 0 {
                owed.append(
                    (index + 1, Notice(breach: .resolution, level: index + 1, agentIDs: step.agentIDs), due.adding(seconds: step.after)))
            }
        }
        return owed
    }
}

/// How a target counts time: every second, or only the working seconds of a calendar.
public enum WorkingTime: Sendable {
    case aroundTheClock
    case business(BusinessCalendar)

    public func adding(_ seconds: Int64, to start: Timestamp) -> Timestamp {
        switch self {
        case .aroundTheClock: return start.adding(seconds: seconds)
        case .business(let calendar): return calendar.adding(seconds, to: start)
        }
    }

    public func elapsed(from start: Timestamp, to end: Timestamp) -> Int64 {
        switch self {
        case .aroundTheClock: return max(0, end.secondsSince1970 - start.secondsSince1970)
        case .business(let calendar): return calendar.workingSeconds(from: start, to: end)
        }
    }
}
