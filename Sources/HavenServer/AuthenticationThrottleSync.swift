import HavenAPI
import HavenCore
import HavenCrypto
import HavenStore
import Logging
import ServiceLifecycle

/// Shares the failed-authentication throttle among the nodes on one PostgreSQL database. It first loads the
/// deployment's address key (a deployment secret, so every node names an address alike) and hands the throttle the
/// pseudonyms made with it; then, every `interval`, it adds this node's new failures and blocks to the shared tables
/// and learns the addresses over the limit and the blocks the others imposed. Once a minute the counts of past
/// minutes and blocks ended an hour ago (when an address's offences are forgotten) go. Not run on SQLite, which one
/// server owns.
struct AuthenticationThrottleSync: Service {
    static let secretName = "auth_throttle_address_key"
    /// Every exchange learns blocks noted this long before it, so a block noted by a transaction that committed
    /// just after an exchange read the table is still learned at the next one.
    static let blockLookback: Int64 = 5

    let store: Store
    let throttle: AuthenticationThrottle
    let logger: Logger
    var interval: Duration = .milliseconds(250)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var exchanged = false
            var cleared: Int64 = 0
            while !Task.isCancelled {
                do {
                    // The first exchange learns every block in force, later ones what was noted since the last.
                    if let minute = try await self.exchange(learningEveryBlock: !exchanged) {
                        exchanged = true
                        if minute > cleared {
                            try await self.forgetPast(minute: minute)
                            cleared = minute
                        }
                    }
                } catch {
                    // What this round counted is lost to the others (this node still counts it itself).
                    self.logger.warning(
                        "failed-authentication counts could not be shared; will retry",
                        metadata: ["error": .string(LogRedaction.describe(error))])
                }
                try? await Task.sleep(for: self.interval)
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
