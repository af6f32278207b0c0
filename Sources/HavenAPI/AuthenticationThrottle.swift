public import HavenCore
import Synchronization

/// Refuses an address that keeps failing to authenticate: after `failuresPerMinute` failures within a clock minute,
/// every request from it gets 429 with `Retry-After` until its penalty ends — one minute the first time, doubling on
/// each new offence up to an hour, forgotten after an hour of good behaviour. Requests from other addresses, with
/// valid keys or not, are unaffected. Addresses are counted as `ClientAddress.aggregate` (an IPv6 /64 is one), and
/// the table is bounded: past `maxAddresses` the least harmful entries (nothing blocked, oldest minute) go first.
public final class AuthenticationThrottle: Sendable {
    struct Record {
        var minute: Int64
        var failures: Int
        var blockedUntil: Int64 = 0
        var offences = 0
        var lastFailure: Int64
    }

    public let failuresPerMinute: Int
    /// The default of `HAVEN_AUTH_FAILURES_PER_MINUTE`.
    public static let defaultFailuresPerMinute = 20
    static let maxAddresses = 100_000
    static let maxPenaltySeconds: Int64 = 3600
    private let clock: any HavenClock
    private let records = Mutex<[String: Record]>([:])

    public init(failuresPerMinute: Int, clock: any HavenClock) {
        self.failuresPerMinute = failuresPerMinute
        self.clock = clock
    }

    /// Seconds until the address may try again, or nil when it is not blocked.
    public func retryAfter(_ ip: String?) -> Int? {
        guard let ip else { return nil }
        let now = self.clock.now().secondsSince1970
        return self.records.withLock { records in
            guard let record = records[ClientAddress.aggregate(ip)], record.blockedUntil > now else { return nil }
            return Int(record.blockedUntil - now)
        }
    }

    /// Counts a failed authentication; returns true when this failure got the address blocked.
    @discardableResult
    public func failed(_ ip: String?) -> Bool {
        guard let ip else { return false }
        let now = self.clock.now().secondsSince1970
        let key = ClientAddress.aggregate(ip)
        return self.records.withLock { records in
            if records[key] == nil, records.count >= Self.maxAddresses { Self.evict(&records, now: now) }
            var record = records[key] ?? Record(minute: now / 60, failures: 0, lastFailure: now)
            if now - record.lastFailure > Self.maxPenaltySeconds { record.offences = 0 }
            if record.minute != now / 60 {
                record.minute = now / 60
                record.failures = 0
            }
            record.failures += 1
            record.lastFailure = now
            var blocked = false
            if record.failures > self.failuresPerMinute, record.blockedUntil <= now {
                let penalty = min(Self.maxPenaltySeconds, 60 << min(record.offences, 6))
                record.blockedUntil = now + penalty
                record.offences += 1
                blocked = true
            }
            records[key] = record
            return blocked
        }
    }

    /// Drops entries that block nothing, oldest first, down to three quarters of the cap.
    private static func evict(_ records: inout [String: Record], now: Int64) {
        let idle = records.filter { $0.value.blockedUntil <= now }.sorted { $0.value.lastFailure < $1.value.lastFailure }
        for (key, _) in idle.prefix(records.count - self.maxAddresses * 3 / 4) { records[key] = nil }
    }
}
