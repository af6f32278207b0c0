import HavenCore
import HavenStore
import Logging
import ServiceLifecycle

/// Destroys retired epoch keys once their grace period has passed (the last step of crypto-shredding,
/// encryption.md §10.7), so erasure reaches old copies without anyone having to remember a command.
struct KeyMaintenanceService: Service {
    let store: Store
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let destroyed = try await KeyAdministration(store: self.store, actor: .system("key_maintenance")).destroyExpiredEpochs()
                    for epoch in destroyed {
                        self.logger.notice("destroyed a retired epoch key", metadata: ["epoch": "\(epoch)"])
                    }
                } catch {
                    self.logger.warning(
                        "epoch key maintenance failed; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }
}
