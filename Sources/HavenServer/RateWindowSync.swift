import HavenAPI
import HavenCore
import HavenStore
import Logging
import ServiceLifecycle

/// Shares the API rate limit among the nodes on one PostgreSQL database: every `interval` this node adds the
/// requests it counted since to each tenant's row of the minute (`rate_windows`) and learns the sums, so a tenant's
/// limit holds for the deployment, not per node (`RateLimiter`). Once a minute, rows of past minutes go. Not run on
/// SQLite, which one server owns.
struct RateWindowSync: Service {
    let store: Store
    let limiter: RateLimiter
    let logger: Logger
    var interval: Duration = .milliseconds(250)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var cleared: Int64 = 0
            while !Task.isCancelled {
                do {
                    if let (minute, requests) = self.limiter.takeUnshared() {
                        let totals = try await self.store.write { sql in
                            try await self.store.rateWindows.add(requests, minute: minute, on: sql)
                        }
                        self.limiter.learn(minute: minute, totals: totals)
                    }
                    let minute = self.store.clock.now().secondsSince1970 / 60
                    if minute > cleared {
                        try await self.store.write { sql in try await self.store.rateWindows.deleteBefore(minute: minute - 1, on: sql) }
                        cleared = minute
                    }
                } catch {
                    // The counts of this round are lost to the others (this node still counts them itself).
                    self.logger.warning(
                        "rate-limit counts could not be shared; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }
}
