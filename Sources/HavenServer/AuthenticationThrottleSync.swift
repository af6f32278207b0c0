import HavenAPI
import HavenCore
import HavenCrypto
import HavenStore
import Logging
import Synchronization

/// Shares the failed-authentication throttle among the nodes on one PostgreSQL database. It first loads the
/// deployment's address key (a deployment secret, so every node names an address alike) and hands the throttle the
/// pseudonyms made with it; then, every `interval`, it adds this node's new failures and blocks to the shared tables
/// and learns the addresses over the limit and the blocks the others imposed. Once a minute the counts of past
/// minutes and blocks ended an hour ago (when an address's offences are forgotten) go. Not run on SQLite, which one
/// server owns.
struct AuthenticationThrottleSync {
    static let secretName = "auth_throttle_address_key"
    /// Every exchange learns blocks noted this long before it, so a block noted by a transaction that committed
    /// just after an exchange read the table is still learned at the next one.
    static let blockLookback: Int64 = 5

    let store: Store
    let throttle: AuthenticationThrottle
    let logger: Logger

    /// What the rounds remember: whether one exchange has been made (the first learns every block in force, later
    /// ones what was noted since) and the last minute whose past was forgotten.
    private struct Progress {
        var exchanged = false
        var cleared: Int64 = 0
    }

    /// The exchange as a periodic job of the server's group (a failed round is logged and the next one retries;
    /// what it counted is lost to the others, this node still counts it itself).
    func service(every interval: Duration = .milliseconds(250)) -> PeriodicService {
        let progress = Mutex(Progress())
        return PeriodicService(name: "failed-authentication sharing", interval: interval, logger: self.logger) {
            let exchanged = progress.withLock { $0.exchanged }
            guard let minute = try await self.exchange(learningEveryBlock: !exchanged) else { return }
            progress.withLock { $0.exchanged = true }
            if progress.withLock({ $0.cleared }) < minute {
                try await self.forgetPast(minute: minute)
                progress.withLock { $0.cleared = minute }
            }
        }
    }

    /// One exchange (loading the address key first, the first time); returns the minute it was for.
    func exchange(learningEveryBlock: Bool) async throws -> Int64? {
        if !self.throttle.sharesAddresses {
            let random = self.store.random
            let key = try await DeploymentSecrets(store: self.store).loadOrCreate(Self.secretName) { random.bytes(count: 32) }
            self.throttle.shareAddresses(as: AddressPseudonym(key: key))
        }
        guard let unshared = self.throttle.takeUnshared() else { return nil }
        let since = learningEveryBlock ? 0 : unshared.now - Self.blockLookback
        let learned = try await self.store.write { sql in
            try await self.store.authenticationFailures.exchange(
                failures: unshared.failures, blocks: unshared.blocks, minute: unshared.minute,
                limit: self.throttle.failuresPerMinute, blocksNotedSince: since, now: unshared.now, on: sql)
        }
        self.throttle.learn(minute: unshared.minute, overLimit: learned.overLimit, blocks: learned.blocks)
        return unshared.minute
    }

    /// Forgets the counts of minutes before the last and the blocks that ended more than an hour ago (when the
    /// throttle forgets an address's offences).
    func forgetPast(minute: Int64) async throws {
        try await self.store.write { sql in
            try await self.store.authenticationFailures.forget(
                minutesBefore: minute - 1, blocksEndedBefore: minute * 60 - AuthenticationThrottle.maxPenaltySeconds, on: sql)
        }
    }
}
