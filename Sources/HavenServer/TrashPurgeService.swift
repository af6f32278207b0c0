import HavenCore
import HavenStore
import Logging
import ServiceLifecycle

/// Empties every tenant's trash of tickets deleted more than `days` ago (`TrashPurge`), at start and then every
/// `interval`.
struct TrashPurgeService: Service {
    let store: Store
    let days: Int64
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let purged = try await TrashPurge(store: self.store).run(days: self.days)
                    if purged > 0 { self.logger.notice("emptied the trash", metadata: ["tickets": "\(purged)"]) }
                } catch {
                    self.logger.warning("trash purge failed; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }
}
