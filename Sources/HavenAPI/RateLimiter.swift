public import HavenCore
import Synchronization

/// One counter per tenant per clock minute, as Freshdesk counts (freshdesk-api-v2.md §6). Failed requests count too.
///
/// With several nodes the limit is the tenant's, not each node's: a node counts its own requests here and, a few
/// times a second, hands what it counted since to the shared table and learns what the other nodes used
/// (`takeUnshared` / `learn`, driven by the server's `RateWindowSync`). Between two exchanges the others' use is as
/// last learned, so all nodes together may exceed the limit by what they serve in one exchange interval.
public final class RateLimiter: Sendable {
    public struct Decision: Sendable {
        public let allowed: Bool
        public let limit: Int
        public let remaining: Int
        public let cost: Int
        public let retryAfterSeconds: Int
    }

    private struct Window {
        var minute: Int64
        var used: Int
        /// Of `used`, what is not yet in the shared table.
        var unshared = 0
        /// What the other nodes used this minute, as last learned.
        var others = 0
    }

    public let limitPerMinute: Int
    private let clock: any HavenClock
    private let windows = Mutex<[TenantID: Window]>([:])

    public init(limitPerMinute: Int, clock: any HavenClock) {
        self.limitPerMinute = limitPerMinute
        self.clock = clock
    }

    public func consume(_ tenant: TenantID, cost: Int) -> Decision {
        let now = self.clock.now().secondsSince1970
        let minute = now / 60
        let retryAfter = Int(60 - now % 60)
        return self.windows.withLock { windows in
            var window = windows[tenant] ?? Window(minute: minute, used: 0)
            if window.minute != minute {
                window = Window(minute: minute, used: 0)
            }
            if windows.count > 10_000 {
                // Forget tenants idle in earlier minutes, so the table stays bounded.
                windows = windows.filter { $0.value.minute == minute }
            }
            guard window.used + window.others + cost <= self.limitPerMinute else {
                windows[tenant] = window
                return Decision(
                    allowed: false,
                    limit: self.limitPerMinute,
                    remaining: max(0, self.limitPerMinute - window.used - window.others),
                    cost: cost,
                    retryAfterSeconds: retryAfter
                )
            }
            window.used += cost
            window.unshared += cost
            windows[tenant] = window
            return Decision(
                allowed: true,
                limit: self.limitPerMinute,
                remaining: self.limitPerMinute - window.used - window.others,
                cost: cost,
                retryAfterSeconds: retryAfter
            )
        }
    }

    /// This minute's requests per tenant not yet shared, now counted as shared; and the minute they belong to. Nil
    /// while this node has served no request this minute or the last: an idle node has nothing to share, and learns
    /// the others' use at its first exchange after serving again.
    public func takeUnshared() -> (minute: Int64, requests: [TenantID: Int])? {
        let minute = self.clock.now().secondsSince1970 / 60
        return self.windows.withLock { windows in
            guard windows.values.contains(where: { $0.minute >= minute - 1 && $0.used > 0 }) else { return nil }
            var requests: [TenantID: Int] = [:]
            for (tenant, window) in windows where window.minute == minute && window.unshared > 0 {
                requests[tenant] = window.unshared
                windows[tenant]?.unshared = 0
            }
            return (minute, requests)
        }
    }

    /// What every node together used in `minute`, per tenant (this node's shared requests included): the others'
    /// share is the total less what this node has shared.
    public func learn(minute: Int64, totals: [TenantID: Int]) {
        self.windows.withLock { windows in
            for (tenant, total) in totals {
                var window = windows[tenant] ?? Window(minute: minute, used: 0)
                if window.minute < minute { window = Window(minute: minute, used: 0) }
                guard window.minute == minute else { continue }
                window.others = max(0, total - (window.used - window.unshared))
                windows[tenant] = window
            }
        }
    }
}
