public import Crypto
import HavenAPI
import HavenApp
import HavenCore
public import HavenStore
public import HavenTLS
public import Logging
import Synchronization

/// Drives every custom domain through its status machine (`DomainStatus`): DNS checks, ACME orders, renewals. Runs
/// as a periodic job; a domain is worked on only under its lease lock (`issue_cert_<domain>`), and checked again after
/// the lock is taken, so two Haven nodes on one database never order the same certificate. Issued certificates are
/// stored (key sealed) and served at once by this node; other nodes pick them up through the certificate sync.
public final class CertificateManager: Sendable {
    public struct Settings: Sendable {
        public var directoryURL: String
        public var caBundlePEM: String?
        public var contact: String?
        public var resolver: DNSResolver
        public var ingressAddresses: Set<String> = []
        public var caaIdentities: [String] = ["letsencrypt.org"]
        public var baseDomain: String
        public var pollInterval: Duration = .seconds(1)
        /// The port the CA validates http-01 on (80; `HAVEN_PUBLIC_HTTP_PORT`), for Haven's own probe before ordering.
        public var publicHTTPPort = 80
        /// See `DomainDiagnosis.Settings.probeInternalAddresses`.
        public var probeInternalAddresses = false

        public init(
            directoryURL: String, caBundlePEM: String?, contact: String?, resolver: DNSResolver, ingressAddresses: Set<String> = [],
            caaIdentities: [String] = ["letsencrypt.org"], baseDomain: String
        ) {
            self.directoryURL = directoryURL
            self.caBundlePEM = caBundlePEM
            self.contact = contact
            self.resolver = resolver
            self.ingressAddresses = ingressAddresses
            self.caaIdentities = caaIdentities
            self.baseDomain = baseDomain
        }
    }

    static let jobName = "certificate_manager"
    static let actor = AuditActor.system(jobName)
    let store: Store
    let certificates: CertificateStore
    let settings: Settings
    /// Made on first use: the account key is read from the keystore then (asynchronously).
    private let client = Mutex<ACMEClient?>(nil)
    private let accountKey: @Sendable () async throws -> P256.Signing.PrivateKey
    let verifier: DomainVerifier
    /// Identifies this process in lease locks.
    let owner: String
    let logger: Logger

    /// - Parameter accountKey: the deployment's ACME account key, asked for once, on first use.
    public init(
        store: Store, certificates: CertificateStore, settings: Settings,
        accountKey: @escaping @Sendable () async throws -> P256.Signing.PrivateKey, logger: Logger
    ) {
        self.store = store
        self.certificates = certificates
        self.settings = settings
        self.accountKey = accountKey
        self.verifier = DomainVerifier(
            resolver: settings.resolver, ingressAddresses: settings.ingressAddresses, caaIdentities: settings.caaIdentities)
        self.owner = "node-\(store.random.hex(count: 8))"
        self.logger = logger
    }

    public func shutdown() async {
        await self.client.withLock { $0 }?.shutdown()
    }

    func acme() async throws -> ACMEClient {
        if let client = self.client.withLock({ $0 }) { return client }
        let made = try ACMEClient(
            directoryURL: self.settings.directoryURL, accountKey: try await self.accountKey(), contact: self.settings.contact,
            caBundlePEM: self.settings.caBundlePEM, pollInterval: self.settings.pollInterval)
        let (kept, spare) = self.client.withLock { current -> (ACMEClient, ACMEClient?) in
            if let current { return (current, made) }
            current = made
            return (made, nil)
        }
        await spare?.shutdown()
        return kept
    }

    func service(interval: Duration) -> PeriodicService {
        PeriodicService(
            name: "certificate manager", interval: interval, logger: self.logger, round: { try await self.round() },
            finally: { await self.shutdown() })
    }

    /// One pass over the domains that are due.
    public func round() async throws {
        let due = try await self.store.read { sql in try await self.store.customDomains.due(at: self.store.clock.now(), limit: 20, on: sql)
        }
        for domain in due {
            do {
                try await self.work(on: domain)
            } catch {
                self.logger.warning(
                    "custom domain work failed; will retry",
                    metadata: ["domain_id": "\(domain.id)", "error": .string(LogRedaction.describe(error))])
            }
        }
    }

    func work(on candidate: CustomDomain) async throws {
        let lock = "issue_cert_\(candidate.domain)"
        let now = self.store.clock.now()
        let taken = try await self.store.write { sql in
            try await self.store.certificateIssuance.acquire(lock, owner: self.owner, until: now.adding(seconds: 600), now: now, on: sql)
        }
        guard taken else { return }
        do {
            try await self.advance(candidate, now: now)
        } catch {
            try? await self.store.write { sql in try await self.store.certificateIssuance.release(lock, owner: self.owner, on: sql) }
            throw error
        }
        try await self.store.write { sql in try await self.store.certificateIssuance.release(lock, owner: self.owner, on: sql) }
    }

    /// Applies what is due to one domain, under its lock.
    private func advance(_ candidate: CustomDomain, now: Timestamp) async throws {
        // Checked again inside the lock: another node may have done the work meanwhile, or the domain was removed.
        guard
            var domain = try await self.store.read({ sql in
                try await self.store.customDomains.find(candidate.tenantID, candidate.id, on: sql)
            }), domain.status.nextCheckAt <= now
        else { return }
        var (status, actions) = domain.status.due(at: now)
        while let action = actions.first {
            actions.removeFirst()
            let events: [DomainStatus.Event]
            switch action {
            case .checkDNS:
                switch await self.verifier.check(domain.domain, expectedTarget: domain.cnameTarget) {
                case .ready: events = [.dnsChecked(problem: nil)]
                case .dns(let problem): events = [.dnsChecked(problem: problem)]
                case .caa(let problem): events = [.caaForbids(problem)]
                }
            case .order:
                events = await self.order(domain, selfProbe: await self.probeChallengePath(domain))
            }
            for event in events {
                let at = self.store.clock.now()
                (status, actions) = status.apply(event, at: at, awaitingSince: domain.awaitingSince)
                domain.awaitingSince = status.state == .awaitingActivation ? (domain.awaitingSince ?? at) : nil
            }
        }
        let previous = domain.status
        domain.status = status
        domain.updatedAt = self.store.clock.now()
        try await self.store.write { sql in
            guard try await self.store.customDomains.find(domain.tenantID, domain.id, on: sql) != nil else { return }
            try await self.store.customDomains.update(domain, on: sql)
            // Every failed attempt is recorded (the backoff bounds how often that can happen).
            if status.state == .failed, status.failures > previous.failures {
                try await self.store.audit.record(
                    AuditEvent(
                        tenant: domain.tenantID, occurredAt: domain.updatedAt, actor: Self.actor, action: "custom_domain.issuance_failed",
                        targetType: "custom_domain", targetID: String(domain.id),
                        details: [
                            "domain": .string(domain.domain), "reason": .optional(status.reason),
                            "next_retry_at": .timestamp(status.nextCheckAt),
                        ]),
                    on: sql)
            }
        }
    }

    /// Haven's own fetch of the challenge path before ordering, as the CA will make it: nil when it reaches Haven,
    /// else what went wrong. Advisory only (a self-probe can fail where the CA succeeds, e.g. without hairpin NAT):
    /// the order goes ahead, and a failure of the CA's validation is explained with it.
    func probeChallengePath(_ domain: CustomDomain) async -> String? {
        let resolved = try? await self.settings.resolver.query(domain.domain, .a)
        guard
            let address = resolved?.answers.compactMap({ answer -> String? in
                if case .a(let address) = answer.data { return address }
                return nil
            }).first
        else { return "\(domain.domain) has no IPv4 address" }
        guard self.settings.probeInternalAddresses || !AddressPolicy.isInternal(address) else {
            return "\(domain.domain) resolves to the internal address \(address), which the CA cannot reach"
        }
        switch try? await ChallengePathProbe.run(
            store: self.store, domain: domain.domain, address: address, port: self.settings.publicHTTPPort)
        {
        case .reachesHaven, nil: return nil
        case .otherAnswer: return "something other than Haven answers http://\(domain.domain)/.well-known/acme-challenge/"
        case .unreachable(let message): return "http://\(domain.domain)/.well-known/acme-challenge/: \(message)"
        }
    }

    /// Orders a certificate, stores and serves it; the status events either way (after an issue, the CA's renewal
    /// suggestion when it offers ARI).
    private func order(_ domain: CustomDomain, selfProbe: String?) async -> [DomainStatus.Event] {
        let probeNote = selfProbe.map { " (Haven's own probe failed too: \($0))" } ?? ""
        do {
            let issued = try await self.acme().issue(
                domain: domain.domain,
                publish: { token, answer in
                    let expires = self.store.clock.now().adding(seconds: 3600)
                    try await self.store.write { sql in
                        try await self.store.certificateIssuance.publish(
                            token: token, domain: domain.domain, keyAuthorization: answer, expiresAt: expires, on: sql)
                    }
                },
                withdraw: { token in
                    try? await self.store.write { sql in try await self.store.certificateIssuance.withdraw(token: token, on: sql) }
                })
            let uploads = DomainCertificateUploads(
                Helpdesk(store: self.store, settings: HelpdeskSettings(baseDomain: self.settings.baseDomain)))
            let (certificate, _) = try await uploads.upload(
                domain: domain.domain, chainPEM: issued.chainPEM, keyPEM: issued.keyPEM, issuedByACME: true,
                by: .job(Self.jobName, tenant: domain.tenantID))
            DomainCertificateUploads.install([certificate], into: self.certificates)
            self.logger.notice("certificate issued", metadata: ["domain_id": "\(domain.id)"])
            var events: [DomainStatus.Event] = [.issued(notBefore: certificate.notBefore, notAfter: certificate.notAfter)]
            if let window = try? await self.acme().renewalWindow(chainPEM: issued.chainPEM) {
                // A time chosen at random in the window, so a CA's many customers do not all renew at one instant.
                let span = UInt64(max(1, window.end.secondsSince1970 - window.start.secondsSince1970))
                let offset = self.store.random.bytes(count: 8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % span
                events.append(.renewalSuggested(at: window.start.adding(seconds: Int64(offset))))
            }
            return events
        } catch ACMEError.problem(let type, let detail, _, let retryAfter) {
            return [
                .orderFailed(
                    reason: "\(type) :: \(detail)\(probeNote)", retryAfter: retryAfter.map { self.store.clock.now().adding(seconds: $0) })
            ]
        } catch {
            return [.orderFailed(reason: LogRedaction.describe(error) + probeNote, retryAfter: nil)]
        }
    }
}
