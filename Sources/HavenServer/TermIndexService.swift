import HavenCore
import HavenStore
import Logging
import ServiceLifecycle

/// Indexes the words of new tickets in batches (`TermIndexer`): woken after each ticket create, and every
/// `sweepInterval` it also catches up tickets another process created.
struct TermIndexService: Service {
    let store: Store
    let sweepInterval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in self.store.termIndexer.signals {
                        await self.catchUp(self.store.termIndexer.takePending())
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        do {
                            await self.catchUp(Set(try await TermIndexer.behind(store: self.store)))
                        } catch {
                            self.logger.warning(
                                "term index sweep failed; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
                        }
                        try? await Task.sleep(for: self.sweepInterval)
                    }
                    self.store.termIndexer.finish()
                }
            }
        }
    }

    private func catchUp(_ tenants: Set<TenantID>) async {
        for tenant in tenants.sorted() {
            do {
                try await TermIndexer.catchUp(tenant, store: self.store)
            } catch  where Task.isCancelled {
                // The server is stopping: the rest waits for the next start (the watermark only moves forward).
                return
            } catch {
                // Derived data: the next signal or sweep retries, and `haven reindex` rebuilds it all.
                self.logger.warning(
                    "term indexing failed; will retry", metadata: ["tenant": "\(tenant)", "error": .string(LogRedaction.describe(error))])
            }
        }
    }
}
