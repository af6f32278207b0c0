import HavenAPI
import HavenCore
import HavenStore
import HavenTLS
import Logging
import ServiceLifecycle

/// Keeps the served certificates in step with the database, so a certificate uploaded or removed by another process
/// (`haven domains cert upload`, another node) is served or dropped without a restart. API uploads on this node take
/// effect at once; this service catches up the rest every `interval`.
struct CertificateSyncService: Service {
    let store: Store
    let certificates: CertificateStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var served: [String: String] = [:]  // domain → fingerprint, as installed by this service
            while !Task.isCancelled {
                do {
                    served = try await self.synchronize(served)
                } catch {
                    self.logger.warning("certificate sync failed; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// Installs new or changed certificates and removes vanished ones; returns what is now served.
    func synchronize(_ served: [String: String]) async throws -> [String: String] {
        let stored = try await self.store.read { sql in try await self.store.domainCertificates.allForServing(on: sql) }
        var now: [String: String] = [:]
        var changed: [DomainCertificate] = []
        for certificate in stored {
            now[certificate.domain] = certificate.fingerprint
            if served[certificate.domain] != certificate.fingerprint {
                changed.append(certificate)
            }
        }
        DomainCertificateUploads.install(changed, into: self.certificates)
        for domain in served.keys where now[domain] == nil {
            self.certificates.remove(domain)
        }
        return now
    }
}
