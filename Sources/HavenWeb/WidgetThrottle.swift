import HavenCore
import Synchronization

/// How many tickets one address may send through a tenant's widget: a sliding window per tenant and address, kept
/// in memory and bounded in size (a spammer rotating addresses fills it with entries that expire together).
final class WidgetThrottle: Sendable {
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

    /// Counts one submission; nil when allowed, else the seconds until the next one would be.
    func consume(_ tenant: TenantID, address: String?) -> Int64? {
        let now = self.clock.now().secondsSince1970
        let key = "\(tenant.rawValue) \(address ?? "-")"
        return self.sent.withLock { sent in
            if sent.count > Self.maxEntries {
                sent = sent.filter { $0.value.contains { $0 > now - self.windowSeconds } }
            }
            var times = (sent[key] ?? []).filter { $0 > now - self.windowSeconds }
            guard times.count < self.limit else {
                sent[key] = times
                return max(1, times[0] + self.windowSeconds - now)
            }
            times.append(now)
            sent[key] = times
            return nil
        }
    }
}
