import HavenAPI
import HavenCore
import HavenStore
import Logging
import Synchronization

/// Shares the API rate limit among the nodes on one PostgreSQL database: every `interval` this node adds the
/// requests it counted since to each tenant's row of the minute (`rate_windows`) and learns the sums, so a tenant's
/// limit holds for the deployment, not per node (`RateLimiter`). Once a minute, rows of past minutes go. Not run on
/// SQLite, which one server owns.
struct RateWindowSync {
    let store: Store
    let limiter: RateLimiter
    let logger: Logger

    /// The exchange as a periodic job of the server's group (a failed round is logged and the next one retries;
    /// its counts are lost to the others, this node still counts them itself).
    func service(every interval: Duration = .milliseconds(250)) -> PeriodicService {
        let cleared = Mutex<Int64>(0)
        return PeriodicService(name: "rate-limit sharing", interval: interval, logger: self.logger) {
            if let (minute, requests) = self.limiter.takeUnshared() {
                let totals = try await self.store.write { sql in
                    try await self.store.rateWindows.add(requests, minute: minute, on: sql)
                }
                self.limiter.learn(minute: minute, totals: totals)
            }
            let minute = self.store.clock.now().secondsSince1970 / 60
            if cleared.withLock({ $0 }) < minute {
                try await self.store.write { sql in try await self.store.rateWindows.deleteBefore(minute: minute - 1, on: sql) }
                cleared.withLock { $0 = minute }
            }
        }
    }
}
