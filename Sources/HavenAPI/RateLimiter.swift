public import HavenCore
import Synchronization

/// One counter per tenant per clock minute, as Freshdesk counts (freshdesk-api-v2.md §6). Failed requests count too.
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
            guard window.used + cost <= self.limitPerMinute else {
                windows[tenant] = window
                return Decision(
                    allowed: false,
                    limit: self.limitPerMinute,
                    remaining: max(0, self.limitPerMinute - window.used),
                    cost: cost,
                    retryAfterSeconds: retryAfter
                )
            }
            window.used += cost
            windows[tenant] = window
            return Decision(
                allowed: true,
                limit: self.limitPerMinute,
                remaining: self.limitPerMinute - window.used,
                cost: cost,
                retryAfterSeconds: retryAfter
            )
        }
    }
}
