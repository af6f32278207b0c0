import HavenCore
import Synchronization

/// How many tickets one address may open as a visitor (portal form without an account, or the widget) of one tenant:
/// a sliding window per tenant and address, kept in memory and bounded in size (a spammer rotating addresses fills it
/// with entries that expire together). Signed-in customers are not counted.
final class VisitorTicketThrottle: Sendable {
    let limit: Int
    let windowSeconds: Int64
    private let clock: any HavenClock
    private let sent = Mutex<[String: [Int64]]>([:])
    private static let maxEntries = 50_000

    init(limit: Int = 5, windowSeconds: Int64 = 600, clock: any HavenClock) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.clock = clock
    }

    /// Nil when this address may send another ticket now, else the seconds until it may. Counts nothing: a form
    /// refused for a typo does not use up the visitor's allowance.
    func wait(_ tenant: TenantID, address: String?) -> Int64? {
        let now = self.clock.now().secondsSince1970
        return self.sent.withLock { sent in
            let times = (sent[Self.key(tenant, address)] ?? []).filter { $0 > now - self.windowSeconds }
            return times.count < self.limit ? nil : max(1, times[0] + self.windowSeconds - now)
        }
    }

    /// Counts one ticket sent (or one robot caught by the honeypot).
    func record(_ tenant: TenantID, address: String?) {
        let now = self.clock.now().secondsSince1970
        self.sent.withLock { sent in
            if sent.count > Self.maxEntries {
                sent = sent.filter { $0.value.contains { $0 > now - self.windowSeconds } }
            }
            let key = Self.key(tenant, address)
            sent[key] = (sent[key] ?? []).filter { $0 > now - self.windowSeconds } + [now]
        }
    }

    static func key(_ tenant: TenantID, _ address: String?) -> String {
        "\(tenant.rawValue) \(address ?? "-")"
    }
}
