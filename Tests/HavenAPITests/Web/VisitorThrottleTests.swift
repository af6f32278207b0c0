import HavenCore
import Testing

@testable import HavenWeb

/// The visitors' allowance is checked and counted in one step: posts arriving together at the limit never all pass,
/// a form refused for a mistake gives its ticket back, and the window slides.
@Suite struct VisitorThrottleTests {
    @Test func simultaneousPostsAtTheLimit_passOnlyUpToIt_andAMistakeGivesBack() async {
        let clock = ManualClock(Timestamp(secondsSince1970: 1_800_000_000))
        let throttle = VisitorTicketThrottle(limit: 5, windowSeconds: 600, clock: clock)
        let tenant = TenantID(7)
        let passed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { throttle.take(tenant, address: "192.0.2.1") == nil } }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        #expect(passed == 5)
        #expect(throttle.take(tenant, address: "192.0.2.1") == 600, "the oldest frees up in ten minutes")
        #expect(throttle.take(tenant, address: "192.0.2.2") == nil, "another address has its own allowance")
        #expect(throttle.take(TenantID(8), address: "192.0.2.1") == nil, "and so has another tenant")
        throttle.giveBack(tenant, address: "192.0.2.1")
        #expect(throttle.take(tenant, address: "192.0.2.1") == nil, "a refused form gave its ticket back")
        clock.advance(seconds: 601)
        #expect(throttle.take(tenant, address: "192.0.2.1") == nil, "the window slides")
    }
}
