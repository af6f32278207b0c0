import HavenAPI
import HavenCore
import HavenStore
import Logging
import ServiceLifecycle

/// Writes the per-minute security-event counts (`SecurityEvents`) to the audit log once each minute has ended, and
/// everything still counted when the server stops, so no failed login goes unrecorded across a restart.
struct SecurityEventService: Service {
    let store: Store
    let events: SecurityEvents
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.flush(all: false)
                try? await Task.sleep(for: self.interval)
            }
        }
        await self.flush(all: true)
    }

    private func flush(all: Bool) async {
        do {
            try await self.events.flush(store: self.store, all: all, logger: self.logger)
        } catch {
            self.logger.warning(
                "security events could not be written; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
        }
    }
}
