import HavenCore
import Testing

@Suite struct TicketLifecycleTests {
    let t0 = Timestamp(secondsSince1970: 1000)
    let t1 = Timestamp(secondsSince1970: 2000)
    let t2 = Timestamp(secondsSince1970: 3000)

    @Test func resolvingThenReopening_setsAndClearsTheRightStamps() {
        var stats = TicketLifecycle.apply(.created(status: .open), to: TicketStats(), at: t0)
        #expect(stats.statusUpdatedAt == t0)
        stats = TicketLifecycle.apply(.statusChanged(from: .open, to: .resolved), to: stats, at: t1)
        #expect(stats.resolvedAt == t1)
        #expect(stats.closedAt == nil)
        stats = TicketLifecycle.apply(.statusChanged(from: .resolved, to: .open), to: stats, at: t2)
        #expect(stats.reopenedAt == t2)
        #expect(stats.resolvedAt == nil)
        #expect(stats.statusUpdatedAt == t2)
    }

    @Test func pendingSince_isClearedWhenLeavingPending() {
        var stats = TicketLifecycle.apply(.created(status: .pending), to: TicketStats(), at: t0)
        #expect(stats.pendingSince == t0)
        stats = TicketLifecycle.apply(.statusChanged(from: .pending, to: .closed), to: stats, at: t1)
        #expect(stats.pendingSince == nil)
        #expect(stats.closedAt == t1)
        #expect(stats.resolvedAt == t1)
    }

    @Test func firstResponse_isKeptAcrossLaterReplies() {
        var stats = TicketLifecycle.apply(.agentReplied, to: TicketStats(), at: t0)
        stats = TicketLifecycle.apply(.agentReplied, to: stats, at: t1)
        #expect(stats.firstRespondedAt == t0)
        #expect(stats.agentRespondedAt == t1)
    }

    @Test func unchangedStatus_changesNothing() {
        let stats = TicketLifecycle.apply(.created(status: .open), to: TicketStats(), at: t0)
        #expect(TicketLifecycle.apply(.statusChanged(from: .open, to: .open), to: stats, at: t1) == stats)
    }
}
