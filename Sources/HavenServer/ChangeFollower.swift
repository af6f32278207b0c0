import HavenCore
import HavenStore
import Logging
import ServiceLifecycle

/// Keeps this node's server-side caches in step with changes made anywhere: on PostgreSQL it follows the other
/// nodes' change notices into the store's `ChangeFeed` (where the store's own caches hear them), and on any engine it
/// acts on the notices that concern the listeners — served certificates are synchronized, host answers forgotten.
struct ChangeFollower: Service {
    let store: Store
    let certificates: CertificateSync
    let hosts: ServedHosts
    let logger: Logger

    func run() async throws {
        let (notices, continuation) = AsyncStream.makeStream(of: ChangeNotice.self, bufferingPolicy: .bufferingNewest(64))
        self.store.database.changes.subscribe { notice in
            switch notice {
            case .certificates, .hosts, .everything: continuation.yield(notice)
            default: break
            }
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.store.database.followChanges() }
            for await notice in notices.cancelOnGracefulShutdown() {
                if notice == .hosts || notice == .everything { self.hosts.forgetAll() }
                if notice == .certificates || notice == .everything { await self.synchronizeCertificates() }
            }
            group.cancelAll()
        }
        continuation.finish()
    }

    private func synchronizeCertificates() async {
        do {
            try await self.certificates.synchronize()
        } catch {
            self.logger.warning(
                "certificates could not be synchronized after a change; the periodic sync retries",
                metadata: ["error": .string(LogRedaction.describe(error))])
        }
    }
}
