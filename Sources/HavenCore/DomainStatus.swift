/// Where a custom portal domain stands, persisted per domain and shown to the tenant. Changed only by
/// `DomainStatus.apply`, a pure function of the current status, an event and the time (tls-acme.md §0):
///
///     awaiting_activation → issuing → active → renewing → active
///                               ↘ failed (reason, next retry on the backoff) ↗
///     active/renewing → expired when the certificate runs out before a renewal succeeds
///
/// DNS problems go back to awaiting activation (and are not retried on the failure backoff: there is nothing to
/// order until the tenant's record is right). A certificate already issued keeps being served while renewing,
/// failed or awaiting activation, until it expires.
public struct DomainStatus: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case awaitingActivation = "awaiting_activation"
        case issuing
        case active
        case renewing
        case failed
        case expired
    }

    public var state: State
    /// In plain words: what is wrong (the DNS finding, or the CA's problem document), nil when all is well.
    public var reason: String?
    /// When the manager should look at the domain next.
    public var nextCheckAt: Timestamp
    /// Consecutive failed orders: the index into the backoff schedule.
    public var failures: Int
    /// Validity of the certificate being served, if any.
    public var notBefore: Timestamp?
    public var notAfter: Timestamp?

    public init(
        state: State, reason: String? = nil, nextCheckAt: Timestamp, failures: Int = 0, notBefore: Timestamp? = nil,
        notAfter: Timestamp? = nil
    ) {
        self.state = state
        self.reason = reason
        self.nextCheckAt = nextCheckAt
        self.failures = failures
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// A domain just added: its DNS is checked at once.
    public static func added(at now: Timestamp) -> DomainStatus {
        DomainStatus(state: .awaitingActivation, reason: "waiting for the CNAME record", nextCheckAt: now)
    }

    public enum Event: Sendable, Equatable {
        /// The DNS check ran: nil when the CNAME (or A/AAAA) points at Haven and CAA allows the CA, else the finding.
        case dnsChecked(problem: String?)
        /// CAA records forbid the CA: no order is placed.
        case caaForbids(String)
        case issued(notBefore: Timestamp, notAfter: Timestamp)
        /// The order failed; `retryAfter` when the CA said when to come back (rate limits).
        case orderFailed(reason: String, retryAfter: Timestamp?)
        /// The CA suggested when to renew (ARI, RFC 9773): a time chosen in its window.
        case renewalSuggested(at: Timestamp)
    }

    public enum Action: Sendable, Equatable {
        /// Check DNS (and CAA); report `dnsChecked` or `caaForbids`.
        case checkDNS
        /// Place an order (a renewal when a certificate exists); report `issued` or `orderFailed`.
        case order(renewal: Bool)
    }

    /// Failed orders are retried after these waits (certmagic's schedule), then every 6 hours.
    static let backoff: [Int64] = [
        60, 120, 120, 300, 600, 600, 600, 1200, 1200, 1200, 1200, 1800, 1800, 1800, 1800, 1800, 1800, 3600, 3600, 3600, 7200,
        7200, 10800, 10800,
    ]

    public static func retryDelay(afterFailures failures: Int) -> Int64 {
        failures >= 1 && failures <= self.backoff.count ? self.backoff[failures - 1] : 6 * 3600
    }

    /// DNS is re-checked every 5 s for the first 10 minutes after a problem, every minute for the first hour, then
    /// every 10 minutes: a certificate follows within a minute of DNS becoming right, without hammering resolvers
    /// for a domain nobody configures.
    public static func dnsRecheckDelay(awaitingFor seconds: Int64) -> Int64 {
        seconds < 600 ? 5 : (seconds < 3600 ? 60 : 600)
    }

    /// When a certificate with this validity is due for renewal: a third of its lifetime before it ends.
    public static func renewalTime(notBefore: Timestamp, notAfter: Timestamp) -> Timestamp {
        let lifetime = max(0, notAfter.secondsSince1970 - notBefore.secondsSince1970)
        return notAfter.adding(seconds: -lifetime / 3)
    }

    /// What is due now, without an event: nothing before `nextCheckAt`; else a DNS check, or a renewal order for an
    /// active certificate in its renewal window. Expiry is noticed here too.
    public func due(at now: Timestamp) -> (DomainStatus, [Action]) {
        var next = self
        if let notAfter = self.notAfter, now >= notAfter, [.active, .renewing, .failed].contains(self.state) {
            next.state = .expired
            next.reason = "the certificate expired before a renewal succeeded"
        }
        guard now >= self.nextCheckAt else { return (next, []) }
        switch next.state {
        case .active:
            next.state = .renewing
            next.reason = nil
            return (next, [.checkDNS])
        case .awaitingActivation, .failed, .expired, .renewing, .issuing:
            return (next, [.checkDNS])
        }
    }

    /// The status after `event` at `now`, and what to do next.
    public func apply(_ event: Event, at now: Timestamp, awaitingSince: Timestamp? = nil) -> (DomainStatus, [Action]) {
        var next = self
        switch event {
        case .dnsChecked(let problem?):
            // Back to waiting for the tenant's DNS; an issued certificate stays served until it expires.
            next.state = .awaitingActivation
            next.reason = problem
            next.failures = 0
            let waited = now.secondsSince1970 - (awaitingSince ?? now).secondsSince1970
            next.nextCheckAt = now.adding(seconds: Self.dnsRecheckDelay(awaitingFor: waited))
            return (next, [])
        case .dnsChecked(nil):
            next.reason = nil
            if let notBefore = self.notBefore, let notAfter = self.notAfter,
                now < Self.renewalTime(notBefore: notBefore, notAfter: notAfter)
            {
                // DNS is right again and the certificate is not due: nothing to order.
                next.state = .active
                next.failures = 0
                next.nextCheckAt = Self.renewalTime(notBefore: notBefore, notAfter: notAfter)
                return (next, [])
            }
            let live = self.notAfter.map { now < $0 } ?? false
            next.state = live ? .renewing : .issuing
            return (next, [.order(renewal: live)])
        case .caaForbids(let reason):
            next.state = .failed
            next.reason = reason
            next.failures += 1
            next.nextCheckAt = now.adding(seconds: Self.retryDelay(afterFailures: next.failures))
            return (next, [])
        case .issued(let notBefore, let notAfter):
            next = DomainStatus(
                state: .active, nextCheckAt: Self.renewalTime(notBefore: notBefore, notAfter: notAfter), notBefore: notBefore,
                notAfter: notAfter)
            return (next, [])
        case .renewalSuggested(let at):
            // ARI decides, but never later than the emergency point (1/20 of the lifetime left) nor before now.
            guard self.state == .active, let notBefore = self.notBefore, let notAfter = self.notAfter else { return (next, []) }
            let lifetime = max(0, notAfter.secondsSince1970 - notBefore.secondsSince1970)
            let emergency = notAfter.adding(seconds: -lifetime / 20)
            next.nextCheckAt = max(now, min(at, emergency))
            return (next, [])
        case .orderFailed(let reason, let retryAfter):
            next.state = .failed
            next.reason = reason
            next.failures += 1
            let backoff = now.adding(seconds: Self.retryDelay(afterFailures: next.failures))
            next.nextCheckAt = max(backoff, retryAfter ?? backoff)
            return (next, [])
        }
    }
}
