import HavenCore
import Logging
import ServiceLifecycle

/// A job of the ServiceGroup that runs at start and then every `interval` until shutdown: a failing round is logged
/// (redacted) and the next round retries, because a service that throws would stop the whole group, API listeners
/// included. `finally` runs once after shutdown (a last flush).
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let round: @Sendable () async throws -> Void
    var finally: (@Sendable () async throws -> Void)? = nil

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.attempt(self.round)
                try? await Task.sleep(for: self.interval)
            }
        }
        if let finally = self.finally { await self.attempt(finally) }
    }

    private func attempt(_ body: @Sendable () async throws -> Void) async {
        do {
            try await body()
        } catch {
            self.logger.warning("\(self.name) failed; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
        }
    }
}
