import HavenAudit
import HavenCore
import HavenStore
import Logging
import ServiceLifecycle

/// Runs audit retention (`AuditRetention`) at start and then every `interval`: old entries into sealed archives,
/// old archives deleted, each step recorded.
struct AuditRetentionService: Service {
    let store: Store
    let settings: AuditRetention.Settings
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let outcome = try await AuditRetention(store: self.store, settings: self.settings).run()
                    if !outcome.archived.isEmpty || !outcome.purged.isEmpty {
                        self.logger.notice(
                            "audit retention ran",
                            metadata: ["archives_written": "\(outcome.archived.count)", "archives_deleted": "\(outcome.purged.count)"])
                    }
                } catch {
                    self.logger.warning("audit retention failed; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }
}
