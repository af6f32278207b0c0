import HavenAPI
import HavenApp
import HavenCore
import HavenStore
import HavenTLS
import Logging
import Synchronization

/// Keeps the served certificates in step with the database, so a certificate uploaded or removed by another process
/// (`haven domains cert upload`, another node) is served or dropped without a restart. API uploads on this node take
/// effect at once; this service catches up the rest every `interval`.
final class CertificateSync: Sendable {
    let store: Store
    let certificates: CertificateStore
    /// Domain → fingerprint, as installed by this service.
    private let served = Mutex<[String: String]>([:])

    init(store: Store, certificates: CertificateStore) {
        self.store = store
        self.certificates = certificates
    }

    func service(interval: Duration, logger: Logger) -> PeriodicService {
        PeriodicService(name: "certificate sync", interval: interval, logger: logger) { try await self.synchronize() }
    }

    func synchronize() async throws {
        let before = self.served.withLock { $0 }
        let after = try await self.synchronize(before)
        self.served.withLock { $0 = after }
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
