import HavenCore
import HavenTLS
import Testing

/// The custom-domain status machine, without network or clocks: every transition of tls-acme.md §0.
@Suite struct DomainStatusTests {
    let t0 = TestServer.epoch

    func at(_ seconds: Int64) -> Timestamp { self.t0.adding(seconds: seconds) }

    @Test func aDomainGoesFromAwaitingActivationToActiveOnceDNSIsRight() {
        var status = DomainStatus.added(at: self.t0)
        #expect(status.state == .awaitingActivation)
        var (next, actions) = status.due(at: self.t0)
        #expect(actions == [.checkDNS])
        // The CNAME is missing: stay, with the finding as the reason, and look again in 5 s.
        (next, actions) = next.apply(.dnsChecked(problem: "no CNAME record for help.example.test"), at: self.t0)
        #expect(next.state == .awaitingActivation && next.reason == "no CNAME record for help.example.test" && actions.isEmpty)
        #expect(next.nextCheckAt == self.at(5))
        #expect(next.due(at: self.at(4)).1.isEmpty)
        // After an hour of waiting the checks slow down.
        (next, _) = next.apply(.dnsChecked(problem: "still missing"), at: self.at(4000), awaitingSince: self.t0)
        #expect(next.nextCheckAt == self.at(4600))
        // DNS right: issue, then active with renewal a third of the lifetime before the end.
        (next, actions) = next.apply(.dnsChecked(problem: nil), at: self.at(5000))
        #expect(next.state == .issuing && actions == [.order(renewal: false)] && next.reason == nil)
        (next, actions) = next.apply(.issued(notBefore: self.at(5000), notAfter: self.at(5000 + 90 * 86_400)), at: self.at(5010))
        #expect(next.state == .active && actions.isEmpty)
        #expect(next.nextCheckAt == self.at(5000 + 60 * 86_400))
        status = next
        #expect(status.due(at: self.at(5000 + 59 * 86_400)).1.isEmpty)
    }

    @Test func renewalKeepsTheOldCertificateAndFailuresBackOff() {
        let issued = DomainStatus(
            state: .active, nextCheckAt: self.at(60 * 86_400), notBefore: self.t0, notAfter: self.at(90 * 86_400))
        var (next, actions) = issued.due(at: self.at(60 * 86_400))
        #expect(next.state == .renewing && actions == [.checkDNS])
        (next, actions) = next.apply(.dnsChecked(problem: nil), at: self.at(60 * 86_400))
        #expect(next.state == .renewing && actions == [.order(renewal: true)])
        // The CA refuses: failed with its reason, retried after 1 min, 2 min, 2 min, 5 min, ...
        var now = self.at(60 * 86_400)
        for expected in [60, 120, 120, 300, 600] as [Int64] {
            (next, actions) = next.apply(
                .orderFailed(reason: "urn:ietf:params:acme:error:connection :: connection refused", retryAfter: nil), at: now)
            #expect(next.state == .failed && next.nextCheckAt == now.adding(seconds: expected) && actions.isEmpty)
            #expect(next.notAfter == self.at(90 * 86_400), "the old certificate is still the one served")
            now = next.nextCheckAt
            (next, actions) = next.due(at: now)
            #expect(actions == [.checkDNS])
            (next, actions) = next.apply(.dnsChecked(problem: nil), at: now)
            #expect(actions == [.order(renewal: true)])
        }
        // A rate limit's Retry-After wins over a shorter backoff.
        (next, _) = next.apply(.orderFailed(reason: "rateLimited", retryAfter: now.adding(seconds: 7200)), at: now)
        #expect(next.nextCheckAt == now.adding(seconds: 7200))
        // Past the end of the validity without success: expired (and still retried).
        let (expired, retry) = next.due(at: self.at(91 * 86_400))
        #expect(expired.state == .expired && retry == [.checkDNS])
        let (reissuing, order) = expired.apply(.dnsChecked(problem: nil), at: self.at(91 * 86_400))
        #expect(reissuing.state == .issuing && order == [.order(renewal: false)])
        let (active, _) = reissuing.apply(
            .issued(notBefore: self.at(91 * 86_400), notAfter: self.at(181 * 86_400)), at: self.at(91 * 86_400))
        #expect(active.state == .active && active.failures == 0 && active.reason == nil)
    }

    @Test func anARISuggestionMovesTheRenewalWithinBounds() {
        let issued = DomainStatus(state: .active, nextCheckAt: self.at(60 * 86_400), notBefore: self.t0, notAfter: self.at(100 * 86_400))
        // Earlier than the ratio rule: taken.
        #expect(issued.apply(.renewalSuggested(at: self.at(40 * 86_400)), at: self.t0).0.nextCheckAt == self.at(40 * 86_400))
        // Later than the emergency point (1/20 of the lifetime left, day 95): capped there.
        #expect(issued.apply(.renewalSuggested(at: self.at(99 * 86_400)), at: self.t0).0.nextCheckAt == self.at(95 * 86_400))
        // In the past: now.
        #expect(issued.apply(.renewalSuggested(at: self.t0), at: self.at(10)).0.nextCheckAt == self.at(10))
    }

    @Test func dnsAndCAAProblems() {
        let issued = DomainStatus(state: .active, nextCheckAt: self.at(60 * 86_400), notBefore: self.t0, notAfter: self.at(90 * 86_400))
        // The tenant breaks its CNAME: awaiting activation again, certificate kept; fixed before renewal time: active.
        var (next, _) = issued.apply(.dnsChecked(problem: "the CNAME points at cdn.example.net"), at: self.at(86_400))
        #expect(next.state == .awaitingActivation && next.notAfter == self.at(90 * 86_400))
        (next, _) = next.apply(.dnsChecked(problem: nil), at: self.at(2 * 86_400))
        #expect(next.state == .active && next.nextCheckAt == self.at(60 * 86_400))
        // CAA forbidding the CA: failed before any order, on the backoff.
        let (forbidden, actions) = DomainStatus.added(at: self.t0).apply(.caaForbids("CAA allows only other.ca"), at: self.t0)
        #expect(forbidden.state == .failed && actions.isEmpty && forbidden.nextCheckAt == self.at(60))
        #expect(DomainStatus.retryDelay(afterFailures: 25) == 6 * 3600)
    }

    @Test(arguments: [
        ("bücher.example", "xn--bcher-kva.example"), ("MÜNCHEN.de", "xn--mnchen-3ya.de"), ("Support.Example.COM.", "support.example.com"),
        ("他们为什么不说中文.example", "xn--ihqwcrb4cv8a8dqg056pqjye.example"), ("  help.example.org ", "help.example.org"),
    ])
    func internationalNamesBecomePunycode(_ input: String, _ expected: String) {
        #expect(DomainName.normalize(input).name == expected)
    }

    @Test(arguments: [
        ("*.example.com", "wildcard"), ("192.168.1.10", "IP address"), ("[::1]", "host name only"), ("a..example.com", "empty"),
        (String(repeating: "a", count: 64) + ".example.com", "over-long"), ("bad_name.example.com", "may contain only"),
        ("https://help.example.com", "host name only"), ("", "must not be empty"), ("localhost", "two labels"),
        ("-lead.example.com", "starting or ending"), ("☃☃.example", "cannot hold"),
    ])
    func badHostNamesAreRefusedByName(_ input: String, _ problem: String) {
        let result = DomainName.normalize(input)
        #expect(result.name == nil && result.problem?.contains(problem) == true, "\(input): \(result.problem ?? "accepted")")
    }
}
