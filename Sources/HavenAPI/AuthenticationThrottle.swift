public import HavenCore
public import HavenCrypto
public import HavenStore
import Synchronization

/// Refuses an address that keeps failing to authenticate: after `failuresPerMinute` failures within a clock minute,
/// every request from it gets 429 with `Retry-After` until its penalty ends — one minute the first time, doubling on
/// each new offence up to an hour, forgotten after an hour of good behaviour. Requests from other addresses, with
/// valid keys or not, are unaffected. Addresses are counted as `ClientAddress.aggregate` (an IPv6 /64 is one), and
/// the table is bounded: past `maxAddresses` the least harmful entries (nothing blocked, oldest minute) go first.
///
/// With several nodes the allowance is the deployment's, not each node's: once the server's
/// `AuthenticationThrottleSync` has the deployment's address key (`shareAddresses`), addresses are kept under their
/// pseudonyms, and a few times a second the node hands the failures it counted and the blocks it imposed to the
/// shared tables (`takeUnshared`) and learns the others' (`learn`). An address whose failures on all nodes together
/// pass the limit is blocked on each; a block imposed on one node holds on all. Between two exchanges the nodes
/// together may allow an address what they see of it in one exchange interval beyond the limit.
public final class AuthenticationThrottle: Sendable {
    struct Record {
        var minute: Int64
        var failures: Int
        var blockedUntil: Int64 = 0
        var offences = 0
        var lastFailure: Int64
        /// Of `failures`, those the other nodes have not been told of.
        var unshared = 0
        /// What the other nodes counted of this address in `minute`, as last learned.
        var others = 0
        /// A block this node imposed that the other nodes have not been told of.
        var blockUnshared = false
        /// The minute whose failures earned the last block: one count earns one block, however late its total
        /// arrives from the other nodes.
        var blockedMinute: Int64 = -1

        init(minute: Int64, lastFailure: Int64) {
            self.minute = minute
            self.failures = 0
            self.lastFailure = lastFailure
        }

        /// Starts the counts of a new minute.
        mutating func enter(minute: Int64) {
            guard self.minute != minute else { return }
            self.minute = minute
            self.failures = 0
            self.unshared = 0
            self.others = 0
        }
    }

    struct State {
        var records: [String: Record] = [:]
        /// Set once the node shares the throttle: records are then kept under the addresses' pseudonyms.
        var pseudonym: AddressPseudonym?

        func key(_ ip: String) -> String {
            let address = ClientAddress.aggregate(ip)
            return self.pseudonym.map { $0(address) } ?? address
        }
    }

    /// What one exchange hands to the other nodes: this node's new failures of `minute` and its new blocks, by
    /// address pseudonym.
    public struct Unshared: Sendable {
        public let minute: Int64
        public let now: Int64
        public let failures: [String: Int]
        public let blocks: [String: AddressBlock]
    }

    public let failuresPerMinute: Int
    /// The default of `HAVEN_AUTH_FAILURES_PER_MINUTE`.
    public static let defaultFailuresPerMinute = 20
    static let maxAddresses = 100_000
    public static let maxPenaltySeconds: Int64 = 3600
    private let clock: any HavenClock
    private let state = Mutex(State())

    public init(failuresPerMinute: Int, clock: any HavenClock) {
        self.failuresPerMinute = failuresPerMinute
        self.clock = clock
    }

    /// Seconds until the address may try again, or nil when it is not blocked.
    public func retryAfter(_ ip: String?) -> Int? {
        guard let ip else { return nil }
        let now = self.clock.now().secondsSince1970
        return self.state.withLock { state in
            guard let record = state.records[state.key(ip)], record.blockedUntil > now else { return nil }
            return Int(record.blockedUntil - now)
        }
    }

    /// Counts a failed authentication; returns true when this failure got the address blocked.
    @discardableResult
    public func failed(_ ip: String?) -> Bool {
        guard let ip else { return false }
        let now = self.clock.now().secondsSince1970
        return self.state.withLock { state in
            let key = state.key(ip)
            if state.records[key] == nil, state.records.count >= Self.maxAddresses { Self.evict(&state.records, now: now) }
            var record = state.records[key] ?? Record(minute: now / 60, lastFailure: now)
            if now - record.lastFailure > Self.maxPenaltySeconds { record.offences = 0 }
            record.enter(minute: now / 60)
            record.failures += 1
            record.unshared += 1
            record.lastFailure = now
            let blocked = self.blockIfOverLimit(&record, now: now)
            state.records[key] = record
            return blocked
        }
    }

    /// Blocks the address when its failures this minute, on all nodes as far as known, pass the limit and it is not
    /// blocked already; the penalty doubles with each offence.
    private func blockIfOverLimit(_ record: inout Record, now: Int64) -> Bool {
        guard record.failures + record.others > self.failuresPerMinute, record.blockedUntil <= now, record.blockedMinute != record.minute
        else { return false }
        record.blockedMinute = record.minute
        record.blockedUntil = now + min(Self.maxPenaltySeconds, 60 << min(record.offences, 6))
        record.offences += 1
        record.blockUnshared = true
        return true
    }

    /// Whether `shareAddresses` was called.
    public var sharesAddresses: Bool {
        self.state.withLock { $0.pseudonym != nil }
    }

    /// Starts sharing with the other nodes: from now on addresses are kept under `pseudonym` (the ones counted so
    /// far are renamed).
    public func shareAddresses(as pseudonym: AddressPseudonym) {
        self.state.withLock { state in
            guard state.pseudonym == nil else { return }
            state.records = Dictionary(state.records.map { (pseudonym($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
            state.pseudonym = pseudonym
        }
    }

    /// The failures of this minute and the blocks not yet shared, now counted as shared; nil until
    /// `shareAddresses`. Returned even when empty: the exchange is also how the node learns the others' blocks.
    public func takeUnshared() -> Unshared? {
        let now = self.clock.now().secondsSince1970
        let minute = now / 60
        return self.state.withLock { state in
            guard state.pseudonym != nil else { return nil }
            var failures: [String: Int] = [:]
            var blocks: [String: AddressBlock] = [:]
            for (key, record) in state.records where (record.minute == minute && record.unshared > 0) || record.blockUnshared {
                if record.minute == minute, record.unshared > 0 { failures[key] = record.unshared }
                if record.blockUnshared, record.blockedUntil > now {
                    blocks[key] = AddressBlock(until: record.blockedUntil, offences: record.offences)
                }
                state.records[key]?.unshared = 0
                state.records[key]?.blockUnshared = false
            }
            return Unshared(minute: minute, now: now, failures: failures, blocks: blocks)
        }
    }

    /// What all nodes together know: the addresses whose failures in `minute` passed the limit, with their count
    /// (this node's shared failures included), and blocks the others imposed. A learned block is kept if it ends
    /// later than this node's; an address over the limit is blocked here as it was there.
    public func learn(minute: Int64, overLimit: [String: Int], blocks: [String: AddressBlock]) {
        let now = self.clock.now().secondsSince1970
        self.state.withLock { state in
            if state.records.count >= Self.maxAddresses { Self.evict(&state.records, now: now) }
            for (key, block) in blocks where block.until > now {
                var record = state.records[key] ?? Record(minute: minute, lastFailure: now)
                record.blockedUntil = max(record.blockedUntil, block.until)
                record.offences = max(record.offences, block.offences)
                state.records[key] = record
            }
            // Totals of a minute that has ended (the exchange took that long) no longer block anyone.
            for (key, total) in overLimit where minute == now / 60 {
                var record = state.records[key] ?? Record(minute: minute, lastFailure: now)
                if record.minute < minute { record.enter(minute: minute) }
                guard record.minute == minute else { continue }
                record.others = max(0, total - (record.failures - record.unshared))
                record.lastFailure = now
                _ = self.blockIfOverLimit(&record, now: now)
                state.records[key] = record
            }
        }
    }

    /// Drops entries that block nothing, oldest first, down to three quarters of the cap.
    private static func evict(_ records: inout [String: Record], now: Int64) {
        let idle = records.filter { $0.value.blockedUntil <= now }.sorted { $0.value.lastFailure < $1.value.lastFailure }
        for (key, _) in idle.prefix(records.count - self.maxAddresses * 3 / 4) { records[key] = nil }
    }
}
