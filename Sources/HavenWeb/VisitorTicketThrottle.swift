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

    /// Takes one ticket of this address's allowance, checked and counted in one step (two posts at the limit cannot
    /// both pass): nil when taken, else the seconds until one is free again.
    func take(_ tenant: TenantID, address: String?) -> Int64? {
        let now = self.clock.now().secondsSince1970
        return self.sent.withLock { sent in
            if sent.count > Self.maxEntries {
                sent = sent.filter { $0.value.contains { $0 > now - self.windowSeconds } }
            }
            let key = Self.key(tenant, address)
            let times = (sent[key] ?? []).filter { $0 > now - self.windowSeconds }
            guard times.count < self.limit else {
                sent[key] = times
                return max(1, times[0] + self.windowSeconds - now)
            }
            sent[key] = times + [now]
            return nil
        }
    }

    /// Gives back what `take` took when the form was refused for a mistake: a typo does not use up the allowance.
    func giveBack(_ tenant: TenantID, address: String?) {
        self.sent.withLock { sent in
            let key = Self.key(tenant, address)
            guard var times = sent[key], !times.isEmpty else { return }
            times.removeLast()
            sent[key] = times.isEmpty ? nil : times
        }
    }

    static func key(_ tenant: TenantID, _ address: String?) -> String {
        "\(tenant.rawValue) \(address ?? "-")"
    }
}
