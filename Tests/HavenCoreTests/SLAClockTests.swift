import HavenCore
import Testing

/// The SLA clock's decisions on a ticket: due dates on create, the clock standing while pending and moving the
/// dates on after, retargeting on a priority change, dates set by hand, responses, escalation flags and notices.
@Suite struct SLAClockTests {
    static let tenant = TenantID(1)
    static let created = TimestampParser.parse("2026-12-07T14:00:00Z")!  // Monday 9:00 in New York

    static func policy(businessHours: Bool = false, escalation: SLAEscalation = SLAEscalation()) -> SLAPolicy {
        var targets: [TicketPriority: SLATarget] = [:]
        for priority in TicketPriority.allCases {
            targets[priority] = SLATarget(
                respondWithin: 3600 * (5 - priority.rawValue), resolveWithin: 4 * 3600 * (5 - priority.rawValue),
                nextRespondWithin: 1800, businessHours: businessHours)
        }
        var policy = SLAPolicy(tenantID: tenant, id: SLAPolicyID(1), name: "Default", position: 1, targets: targets, at: created)
        policy.isDefault = true
        policy.escalation = escalation
        return policy
    }

    static func setup(_ policy: SLAPolicy) -> SLAClock.Setup {
        let hours = BusinessCalendar(
            zone: ZoneOffsets.named("America/New_York")!, week: .weekdays([WorkingSlot(start: 540, end: 1020)]))
        return SLAClock.Setup(
            policies: [policy], calendars: [BusinessHoursID(1): hours], defaultHours: BusinessHoursID(1), groupHours: [:])
    }

    static func ticket(priority: TicketPriority = .low, status: TicketStatus = .open) -> Ticket {
        var ticket = Ticket(tenantID: tenant, id: TicketID(7), description: "", requesterID: UserID(2), createdAt: created)
        ticket.priority = priority
        ticket.status = status
        return ticket
    }

    func at(_ hours: Double) -> Timestamp { Self.created.adding(seconds: Int64(hours * 3600)) }

    @Test func createSetsTheDatesOfThePriority() {
        let t = SLAClock.apply(
            .created, before: nil, to: Self.ticket(priority: .urgent), setup: Self.setup(Self.policy()), now: Self.created)
        #expect(t.frDueBy == at(1))
        #expect(t.dueBy == at(4))
        #expect(t.nrDueBy == nil)
        #expect(t.sla.policyID == SLAPolicyID(1))
        #expect(t.sla.nextCheck == at(1))
    }

    @Test func businessHoursTargetsCountInTheTicketsCalendar() {
        // Low priority: 16 working hours from Monday 9:00 is Tuesday 17:00 New York time.
        let t = SLAClock.apply(
            .created, before: nil, to: Self.ticket(), setup: Self.setup(Self.policy(businessHours: true)), now: Self.created)
        #expect(t.dueBy == TimestampParser.parse("2026-12-08T22:00:00Z"))
        #expect(t.frDueBy == at(4))
    }

    @Test func noPolicyNoDates() {
        let t = SLAClock.apply(.created, before: nil, to: Self.ticket(), setup: .none, now: Self.created)
        #expect(t.dueBy == nil && t.frDueBy == nil && t.sla.nextCheck == nil)
    }

    @Test func theClockStandsWhilePendingAndTheDatesMoveOn() {
        let setup = Self.setup(Self.policy())
        let open = SLAClock.apply(.created, before: nil, to: Self.ticket(priority: .urgent), setup: setup, now: Self.created)
        var pending = open
        pending.status = .pending
        pending = SLAClock.apply(.changed, before: open, to: pending, setup: setup, now: at(0.5))
        #expect(pending.sla.pausedAt == at(0.5))
        #expect(pending.sla.nextCheck == nil)
        var reopened = pending
        reopened.status = .open
        reopened = SLAClock.apply(.changed, before: pending, to: reopened, setup: setup, now: at(2.5))
        #expect(reopened.sla.pausedAt == nil)
        #expect(reopened.sla.pausedSeconds == 7200)
        #expect(reopened.frDueBy == at(3))
        #expect(reopened.dueBy == at(6))
        // A later priority change counts the time the clock stood too.
        var high = reopened
        high.priority = .high
        high = SLAClock.apply(.changed, before: reopened, to: high, setup: setup, now: at(2.6))
        #expect(high.frDueBy == at(4))
        #expect(high.dueBy == at(10))
    }

    @Test func datesAlreadyPassedStayWhenTheClockRunsAgain() {
        let setup = Self.setup(Self.policy())
        let open = SLAClock.apply(.created, before: nil, to: Self.ticket(priority: .urgent), setup: setup, now: Self.created)
        var pending = open
        pending.status = .pending
        pending = SLAClock.apply(.changed, before: open, to: pending, setup: setup, now: at(2))
        var reopened = pending
        reopened.status = .open
        reopened = SLAClock.apply(.changed, before: pending, to: reopened, setup: setup, now: at(3))
        #expect(reopened.frDueBy == at(1))
        #expect(reopened.dueBy == at(5))
    }

    @Test func aDateSetByHandStaysUntilHandedBack() {
        let setup = Self.setup(Self.policy())
        var manual = Self.ticket(priority: .urgent)
        manual.dueBy = at(48)
        manual.sla.manualDueBy = true
        let created = SLAClock.apply(.created, before: nil, to: manual, setup: setup, now: Self.created)
        #expect(created.dueBy == at(48))
        var low = created
        low.priority = .low
        low = SLAClock.apply(.changed, before: created, to: low, setup: setup, now: at(1))
        #expect(low.dueBy == at(48))
        var handedBack = low
        handedBack.sla.manualDueBy = false
        handedBack = SLAClock.apply(.changed, before: low, to: handedBack, setup: setup, now: at(1))
        #expect(handedBack.dueBy == at(16))
    }

    @Test func responsesSetAndClearTheNextResponseDate() {
        let setup = Self.setup(Self.policy())
        var t = SLAClock.apply(.created, before: nil, to: Self.ticket(), setup: setup, now: Self.created)
        // A customer's reply before any answer leaves the first-response date running.
        var before = t
        t.stats = TicketLifecycle.apply(.requesterReplied, to: t.stats, at: at(0.5))
        t = SLAClock.apply(.requesterReplied, before: before, to: t, setup: setup, now: at(0.5))
        #expect(t.nrDueBy == nil)
        before = t
        t.stats = TicketLifecycle.apply(.agentReplied, to: t.stats, at: at(1))
        t = SLAClock.apply(.agentReplied, before: before, to: t, setup: setup, now: at(1))
        #expect(t.frDueBy == at(4))
        before = t
        t.stats = TicketLifecycle.apply(.requesterReplied, to: t.stats, at: at(2))
        t = SLAClock.apply(.requesterReplied, before: before, to: t, setup: setup, now: at(2))
        #expect(t.nrDueBy == at(2.5))
        #expect(t.sla.nextCheck == at(2.5))
        before = t
        t.stats = TicketLifecycle.apply(.agentReplied, to: t.stats, at: at(2.2))
        t = SLAClock.apply(.agentReplied, before: before, to: t, setup: setup, now: at(2.2))
        #expect(t.nrDueBy == nil)
        // Answered: only the resolution date is watched now.
        #expect(t.sla.nextCheck == at(16))
    }

    @Test func escalationFlagsWhatPassedAndOwesNoticesInLevels() {
        let escalation = SLAEscalation(
            response: SLAEscalationStep(after: 0, agentIDs: [SLAEscalation.assignedAgent]),
            resolution: [SLAEscalationStep(after: 0, agentIDs: [5]), SLAEscalationStep(after: 3600, agentIDs: [6])])
        let setup = Self.setup(Self.policy(escalation: escalation))
        let t = SLAClock.apply(.created, before: nil, to: Self.ticket(priority: .urgent), setup: setup, now: Self.created)
        let early = SLAClock.escalate(t, setup: setup, now: at(0.9))
        #expect(early.breaches.isEmpty && early.notices.isEmpty && early.ticket == t)
        let late = SLAClock.escalate(t, setup: setup, now: at(1))
        #expect(late.breaches == [.firstResponse])
        #expect(late.ticket.frEscalated && !late.ticket.isEscalated)
        #expect(late.notices.map(\.level) == [0])
        #expect(late.ticket.sla.nextCheck == at(4))
        let overdue = SLAClock.escalate(late.ticket, setup: setup, now: at(4.5))
        #expect(overdue.breaches == [.resolution])
        #expect(overdue.notices.map(\.agentIDs) == [[5]])
        #expect(overdue.ticket.sla.nextCheck == at(5))
        let second = SLAClock.escalate(overdue.ticket, setup: setup, now: at(5))
        #expect(second.breaches.isEmpty)
        #expect(second.notices.map(\.level) == [2])
        #expect(second.ticket.sla.nextCheck == nil)
        // Nothing more to do: the ticket is not looked at again.
        #expect(SLAClock.escalate(second.ticket, setup: setup, now: at(100)).ticket == second.ticket)
    }

    @Test func aResolvedTicketIsNotWatched() {
        let setup = Self.setup(Self.policy())
        let open = SLAClock.apply(.created, before: nil, to: Self.ticket(priority: .urgent), setup: setup, now: Self.created)
        var resolved = open
        resolved.status = .resolved
        resolved = SLAClock.apply(.changed, before: open, to: resolved, setup: setup, now: at(0.5))
        #expect(resolved.sla.nextCheck == nil)
        #expect(SLAClock.escalate(resolved, setup: setup, now: at(10)).breaches.isEmpty)
    }

    @Test func aDateMovedIntoTheFutureClearsItsFlag() {
        let setup = Self.setup(Self.policy())
        let open = SLAClock.apply(.created, before: nil, to: Self.ticket(priority: .urgent), setup: setup, now: Self.created)
        let escalated = SLAClock.escalate(open, setup: setup, now: at(5)).ticket
        #expect(escalated.isEscalated)
        var low = escalated
        low.priority = .low
        low = SLAClock.apply(.changed, before: escalated, to: low, setup: setup, now: at(5))
        #expect(low.dueBy == at(16))
        #expect(!low.isEscalated)
        #expect(low.sla.nextCheck == at(16))
    }

    @Test func policiesMatchByConditionsInPositionOrder() {
        var vip = Self.policy()
        vip.id = SLAPolicyID(2)
        vip.isDefault = false
        vip.name = "VIP"
        vip.conditions.companyIDs = [CompanyID(9)]
        vip.conditions.sources = [.email, .portal]
        let setup = SLAClock.Setup(policies: [Self.policy(), vip], calendars: [:], defaultHours: nil, groupHours: [:])
        var ticket = Self.ticket()
        #expect(setup.policy(for: ticket)?.name == "Default")
        ticket.companyID = CompanyID(9)
        #expect(setup.policy(for: ticket)?.name == "VIP")
        ticket.source = .phone
        #expect(setup.policy(for: ticket)?.name == "Default")
    }
}
