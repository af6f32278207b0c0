import FoundationEssentials
public import HavenAPI
public import HavenApp
import HavenCore
import HavenStore
public import HavenTLS
import Hummingbird
import HummingbirdTLS
public import Logging
import NIOSSL
import ServiceLifecycle
import UnixSignals

/// The whole server of `haven serve`: the HTTPS listener with the API, the plain-HTTP listener (health, ACME
/// challenges, redirect to HTTPS), and the background services, all in one `ServiceGroup` that shuts down
/// gracefully on SIGINT/SIGTERM.
public struct HavenServer: Sendable {
    public let certificates: CertificateStore
    public let caCertificatePath: String?
    /// The per-minute security-event counts every listener adds to (flushed into the audit log by a service).
    public let securityEvents: SecurityEvents
    let services: [any Service]
    let logger: Logger
    let helpdesk: Helpdesk
    var store: Store { self.helpdesk.store }

    public struct Ports: Sendable {
        public var https: Int?
        public var http: Int?
    }

    /// - Parameter onListening: called once per listener with its kind ("https"/"http") and bound port.
    /// - Parameter securityEvents: the counts to add to; a fresh set when nil.
    public init(
        helpdesk: Helpdesk,
        configuration: ServerConfiguration,
        securityEvents: SecurityEvents? = nil,
        logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws {
        let defaultIdentity: ServerIdentity
        if let certificateFile = configuration.tlsCertificateFile, let keyFile = configuration.tlsKeyFile {
            do {
                defaultIdentity = try ServerIdentity(
                    chainPEM: try String(contentsOfFile: certificateFile, encoding: .utf8),
                    keyPEM: try String(contentsOfFile: keyFile, encoding: .utf8)
                )
            } catch {
                throw HavenError.usage("Cannot load the TLS certificate or key (\(certificateFile), \(keyFile)): \(error)")
            }
            self.caCertificatePath = nil
        } else {
            let authority = LocalCertificateAuthority(
                dataDirectory: configuration.dataDirectory,
                baseDomain: configuration.api.baseDomain,
                clock: helpdesk.clock
            )
            let (chainPEM, keyPEM) = try authority.ensure()
            defaultIdentity = try ServerIdentity(chainPEM: chainPEM, keyPEM: keyPEM)
            self.caCertificatePath = authority.caCertificatePath
        }
        self.certificates = CertificateStore(defaultIdentity: defaultIdentity)
        self.logger = logger
        self.helpdesk = helpdesk
        let store = helpdesk.store
        let jobs = helpdesk.jobs
        var httpsAPI = configuration.api
        httpsAPI.scheme = "https"
        let rateLimiter = RateLimiter(limitPerMinute: configuration.api.rateLimitPerMinute, clock: store.clock)
        let securityEvents = securityEvents ?? SecurityEvents(clock: store.clock)
        self.securityEvents = securityEvents
        let secureAPI = HavenResponder(
            helpdesk: helpdesk,
            configuration: httpsAPI,
            rateLimiter: rateLimiter,
            securityEvents: securityEvents,
            certificates: self.certificates,
            logger: logger
        )
        let plainAPI = HavenResponder(
            helpdesk: helpdesk,
            configuration: configuration.api,
            rateLimiter: rateLimiter,
            securityEvents: securityEvents,
            certificates: self.certificates,
            logger: logger
        )
        let httpsPort = HTTPSPort(configuration.httpsPort)
        let tls = TLSPolicy.serverConfiguration(store: self.certificates, minimumVersion: configuration.tlsMinimumVersion)
        let httpsApplication = Application(
            responder: SecurityHeadersResponder(secureAPI),
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(address: .hostname(configuration.bindHost, port: configuration.httpsPort)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.httpsPort
                httpsPort.set(port)
                await onListening("https", port)
            },
            logger: logger
        )
        let httpApplication = Application(
            responder: PlainHTTPResponder(
                api: plainAPI,
                httpsPort: httpsPort,
                apiOnLoopback: configuration.httpAPIOnLoopback,
                store: store
            ),
            configuration: ApplicationConfiguration(address: .hostname(configuration.bindHost, port: configuration.httpPort)),
            onServerRunning: { channel in await onListening("http", channel.localAddress?.port ?? configuration.httpPort) },
            logger: logger
        )
        var services: [any Service] = []
        if let acme = configuration.acme {
            let caBundle: String?
            do {
                caBundle = try acme.caBundleFile.map { try String(contentsOfFile: $0, encoding: .utf8) }
            } catch {
                throw HavenError.usage("Cannot read HAVEN_ACME_CA_BUNDLE \(acme.caBundleFile ?? "")")
            }
            var managerSettings = CertificateManager.Settings(
                directoryURL: acme.directoryURL, caBundlePEM: caBundle, contact: acme.contact,
                resolver: DNSResolver(host: acme.resolverHost, port: acme.resolverPort, random: store.random),
                ingressAddresses: acme.ingressAddresses, caaIdentities: acme.caaIdentities, baseDomain: configuration.api.baseDomain)
            managerSettings.publicHTTPPort = configuration.domainChecks.httpPort
            managerSettings.probeInternalAddresses = configuration.domainChecks.probeInternalAddresses
            let manager = CertificateManager(
                store: store, certificates: self.certificates,
                settings: managerSettings,
                accountKey: {
                    try ACMEAccountKey.key(
                        from: try await DeploymentSecrets(store: store).loadOrCreate(ACMEAccountKey.secretName) { ACMEAccountKey.fresh() })
                },
                logger: logger)
            services.append(manager.service(interval: acme.checkInterval))
        }
        self.services =
            services + [
                httpsApplication,
                httpApplication,
                JobRunner(store: store, notifier: jobs, logger: logger),
                CertificateSync(store: store, certificates: self.certificates)
                    .service(interval: configuration.certificateSyncInterval, logger: logger),
                MaintenanceJobs.epochKeys(store: store, logger: logger),
                TermIndexService(store: store, sweepInterval: .seconds(10), logger: logger),
                MaintenanceJobs.securityEvents(store: store, events: securityEvents, logger: logger),
                MaintenanceJobs.auditRetention(store: store, settings: configuration.auditRetention, logger: logger),
                MaintenanceJobs.trash(store: store, days: configuration.trashDays, logger: logger),
            ]
    }

    /// Runs until SIGINT/SIGTERM (or the task is cancelled), then stops every service gracefully.
    public func run() async throws {
        // Tenants' uploaded certificates are served from the first handshake on (the sync service keeps them current).
        let uploaded = try await self.store.read { sql in try await self.store.domainCertificates.allForServing(on: sql) }
        DomainCertificateUploads.install(uploaded, into: self.certificates)
        let group = ServiceGroup(
            configuration: .init(
                services: self.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: self.logger
            )
        )
        try await group.run()
    }
}
