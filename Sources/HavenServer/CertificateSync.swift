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
    /// One synchronization at a time: a notice arriving during one asks for another pass after it (`requested`).
    private let running = Mutex<(busy: Bool, requested: Bool)>((false, false))

    /// Where the served certificates' expiry is reported.
    let metrics: OperatorMetrics?

    init(store: Store, certificates: CertificateStore, metrics: OperatorMetrics? = nil) {
        self.store = store
        self.certificates = certificates
        self.metrics = metrics
    }

    func service(interval: Duration, logger: Logger) -> PeriodicService {
        PeriodicService(name: "certificate sync", interval: interval, logger: logger) { try await self.synchronize() }
    }

    /// Brings the served certificates up to date; when a pass is already running, it makes that one go again
    /// instead (so two passes never interleave their installs and removals).
    func synchronize() async throws {
        let mine = self.running.withLock { state in
            state.requested = true
            guard !state.busy else { return false }
            state.busy = true
            return true
        }
        guard mine else { return }
        do {
            // Leaving the loop and giving up `busy` happen under one lock, so no request falls in between.
            while self.running.withLock({ state in
                if state.requested {
                    state.requested = false
                    return true
                }
                state.busy = false
                return false
            }) {
                let before = self.served.withLock { $0 }
                let after = try await self.synchronize(before)
                self.served.withLock { $0 = after }
            }
        } catch {
            self.running.withLock { $0.busy = false }
            throw error
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
        self.metrics?.certificatesServed(
            Dictionary(stored.map { ($0.domain, $0.notAfter.secondsSince1970) }, uniquingKeysWith: { first, _ in first }))
        return now
    }
}
