import FoundationEssentials
public import HavenAPI
public import HavenApp
import HavenCore
import HavenStore
public import HavenTLS
import HavenWeb
import Hummingbird
import HummingbirdCore
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
    /// Connection admission and the counts of refusals and timeouts, shared by both listeners.
    public let connections: ConnectionGovernor
    let services: [any Service]
    let logger: Logger
    let helpdesk: Helpdesk
    let shutdown = GracefulShutdownTrigger()
    var store: Store { self.helpdesk.store }

    /// - Parameter onListening: called once per listener with its kind ("https"/"http") and bound port.
    /// - Parameter securityEvents: the counts to add to; a fresh set when nil.
    public init(
        helpdesk: Helpdesk,
        configuration: ServerConfiguration,
        securityEvents: SecurityEvents? = nil,
        logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws {
        let (identity, caPath, hostIssuer) = try Self.defaultIdentity(configuration, clock: helpdesk.clock)
        self.caCertificatePath = caPath
        self.certificates = CertificateStore(defaultIdentity: identity)
        let hosts = ServedHosts(store: helpdesk.store, baseDomain: configuration.api.baseDomain)
        if let hostIssuer { Self.issueTenantHostCertificates(hostIssuer, into: self.certificates, hosts: hosts, logger: logger) }
        self.logger = logger
        self.helpdesk = helpdesk
        let securityEvents = securityEvents ?? SecurityEvents(clock: helpdesk.clock)
        self.securityEvents = securityEvents
        let connections = ConnectionGovernor(limits: ConnectionGovernor.fitToDescriptors(configuration.connections, logger: logger))
        self.connections = connections
        let certificates = self.certificates
        let metrics = configuration.metrics.map { _ in OperatorMetrics(database: helpdesk.store.database, certificates: certificates) }
        let rateLimiter = RateLimiter(limitPerMinute: configuration.api.rateLimitPerMinute, clock: helpdesk.clock)
        let throttle = AuthenticationThrottle(failuresPerMinute: configuration.authenticationFailuresPerMinute, clock: helpdesk.clock)
        let listeners = try Self.listeners(
            helpdesk, configuration,
            edge: Edge(
                certificates: self.certificates, securityEvents: securityEvents, connections: connections, hosts: hosts, metrics: metrics,
                rateLimiter: rateLimiter, throttle: throttle),
            logger: logger, onListening: onListening)
        let sharedLimit: [any Service] =
            helpdesk.store.database.dialect == .postgres
            ? [
                RateWindowSync(store: helpdesk.store, limiter: rateLimiter, logger: logger).service(),
                AuthenticationThrottleSync(store: helpdesk.store, throttle: throttle, logger: logger).service(),
            ] : []
        let certificateManager = try Self.certificateManager(helpdesk.store, configuration, certificates: self.certificates, logger: logger)
        let certificateSync = CertificateSync(store: helpdesk.store, certificates: self.certificates, metrics: metrics)
        let background = Self.backgroundServices(
            helpdesk, configuration, certificateSync: certificateSync, securityEvents: securityEvents, metrics: metrics, logger: logger)
        let follower = ChangeFollower(store: helpdesk.store, certificates: certificateSync, hosts: hosts, logger: logger)
        let mail =
            Self.mailListener(helpdesk, configuration, logger: logger, onListening: onListening)
            + (try Self.outboxSender(helpdesk, configuration, logger: logger).map { [$0] } ?? [])
        var services: [any Service] =
            (certificateManager.map { [$0] } ?? []) + listeners + mail + background + [follower, connections.report(logger: logger)]
            + sharedLimit
        if let settings = configuration.metrics, let metrics {
            services.append(MetricsListener(metrics: metrics, settings: settings, logger: logger, onListening: onListening))
        }
        self.services = services
    }

    /// The operator's certificate for the base domain, or one from Haven's local CA (and that CA's path, and its
    /// issuer of tenant-host leaves when no wildcard can cover them).
    static func defaultIdentity(
        _ configuration: ServerConfiguration, clock: any HavenClock
    ) throws -> (ServerIdentity, String?, LocalCertificateAuthority.HostIssuer?) {
        guard let certificateFile = configuration.tlsCertificateFile, let keyFile = configuration.tlsKeyFile else {
            let authority = LocalCertificateAuthority(
                dataDirectory: configuration.dataDirectory, baseDomain: configuration.api.baseDomain, clock: clock)
            let (chainPEM, keyPEM) = try authority.ensure()
            let issuer = authority.wildcardCoversTenants ? nil : try authority.hostIssuer()
            return (try ServerIdentity(chainPEM: chainPEM, keyPEM: keyPEM), authority.caCertificatePath, issuer)
        }
        do {
            let identity = try ServerIdentity(
                chainPEM: try String(contentsOfFile: certificateFile, encoding: .utf8),
                keyPEM: try String(contentsOfFile: keyFile, encoding: .utf8))
            return (identity, nil, nil)
        } catch {
            throw HavenError.usage("Cannot load the TLS certificate or key (\(certificateFile), \(keyFile)): \(error)")
        }
    }

    /// Under a single-label base domain, each existing tenant's host gets a leaf from the local CA on its first
    /// handshake (a name that is no tenant's gets the default certificate, and costs a cached lookup only).
    static func issueTenantHostCertificates(
        _ issuer: LocalCertificateAuthority.HostIssuer, into certificates: CertificateStore, hosts: ServedHosts, logger: Logger
    ) {
        let suffix = "." + hosts.baseDomain
        certificates.issueOnDemand { name in
            guard name.hasSuffix(suffix), (try? await hosts.serves(name)) == true else { return nil }
            do {
                let (chainPEM, keyPEM) = try issuer.issue(for: name)
                return try ServerIdentity(chainPEM: chainPEM, keyPEM: keyPEM)
            } catch {
                logger.error(
                    "cannot issue a local certificate for a tenant host", metadata: ["error": .string(LogRedaction.describe(error))])
                return nil
            }
        }
    }

    /// What both listeners share: the certificates, the security-event counts and the connection governor.
    struct Edge {
        let certificates: CertificateStore
        let securityEvents: SecurityEvents
        let connections: ConnectionGovernor
        let hosts: ServedHosts
        /// Request counts and latency, when the metrics listener is on.
        let metrics: OperatorMetrics?
        /// The API's per-tenant limit, shared with the other nodes on PostgreSQL (`RateWindowSync`).
        let rateLimiter: RateLimiter
        /// The failed-authentication throttle, shared with the other nodes on PostgreSQL (`AuthenticationThrottleSync`).
        let throttle: AuthenticationThrottle
    }

    /// The HTTPS listener with the API and the plain-HTTP listener (health, challenges, redirect; the API too for
    /// loopback clients when configured), sharing one rate limit, one failed-authentication throttle, one set of
    /// security-event counts and one connection governor.
    static func listeners(
        _ helpdesk: Helpdesk,
        _ configuration: ServerConfiguration,
        edge: Edge,
        logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) throws -> [any Service] {
        let rateLimiter = edge.rateLimiter
        let throttle = edge.throttle
        func api(_ scheme: String) -> HavenResponder {
            var settings = configuration.api
            settings.scheme = scheme
            return HavenResponder(
                helpdesk: helpdesk, configuration: settings, rateLimiter: rateLimiter, throttle: throttle,
                securityEvents: edge.securityEvents, certificates: edge.certificates, logger: logger)
        }
        let hosts = edge.hosts
        let httpsPort = HTTPSPort(configuration.httpsPort)
        let tls = TLSPolicy.serverConfiguration(store: edge.certificates, minimumVersion: configuration.tlsMinimumVersion)
        let https = Application(
            responder: MeasuredResponder(
                base: SecurityHeadersResponder(
                    HostCheckResponder(
                        ChannelRouter(
                            api: api("https"),
                            web: try WebResponder(
                                helpdesk: helpdesk, configuration: configuration.api, securityEvents: edge.securityEvents, logger: logger),
                            mail: MailRelayResponder(
                                helpdesk: helpdesk, maxMessageBytes: configuration.mail.maxMessageBytes, limits: configuration.mail.limits,
                                throttle: throttle, trustedProxies: configuration.api.trustedProxies, logger: logger)),
                        hosts: hosts),
                    secure: true), metrics: edge.metrics),
            server: Self.governed(
                edge.connections, secure: true, bodyLimits: BodyLimits(configuration.api)
            ) {
                try TLSChannel($0, tlsConfiguration: tls)
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.bindHost, port: configuration.httpsPort), backlog: Self.backlog),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.httpsPort
                httpsPort.set(port)
                await onListening("https", port)
            },
            logger: logger
        )
        let http = Application(
            responder: MeasuredResponder(
                base: SecurityHeadersResponder(
                    PlainHTTPResponder(
                        api: api(configuration.api.scheme), httpsPort: httpsPort, apiOnLoopback: configuration.httpAPIOnLoopback,
                        store: helpdesk.store, hosts: hosts),
                    secure: false),
                metrics: edge.metrics),
            server: Self.governed(
                edge.connections, secure: false, bodyLimits: BodyLimits(configuration.api)
            ) { $0 },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.bindHost, port: configuration.httpPort), backlog: Self.backlog),
            onServerRunning: { channel in await onListening("http", channel.localAddress?.port ?? configuration.httpPort) },
            logger: logger
        )
        return [https, http]
    }

    /// Connections the kernel may hold for accepting: in a storm, a short queue drops legitimate clients' SYNs before
    /// the governor ever sees them (Linux caps it at net.core.somaxconn, 4096 by default).
    static let backlog = 4096

    /// An HTTP/1 server whose connections the governor admits and watches; `wrap` adds TLS or not.
    static func governed<Wrapped: ServerChildChannel>(
        _ governor: ConnectionGovernor, secure: Bool, bodyLimits: BodyLimits,
        wrap: @escaping @Sendable (HTTP1Channel) throws -> Wrapped
    ) -> HTTPServerBuilder {
        let headers = SecurityHeaders.fields(secure: secure).map { ($0.0.rawName, $0.1) }
        return HTTPServerBuilder { responder in
            GovernedChannel(
                base: try wrap(HTTP1Channel(responder: responder)), governor: governor, securityHeaders: headers,
                bodyLimits: bodyLimits)
        }
    }

    /// Automatic certificates for custom domains, when an ACME directory is configured.
    static func certificateManager(
        _ store: Store, _ configuration: ServerConfiguration, certificates: CertificateStore, logger: Logger
    ) throws -> (any Service)? {
        guard let acme = configuration.acme else { return nil }
        let caBundle: String?
        do {
            caBundle = try acme.caBundleFile.map { try String(contentsOfFile: $0, encoding: .utf8) }
        } catch {
            throw HavenError.usage("Cannot read HAVEN_ACME_CA_BUNDLE \(acme.caBundleFile ?? "")")
        }
        var settings = CertificateManager.Settings(
            directoryURL: acme.directoryURL, caBundlePEM: caBundle, contact: acme.contact,
            resolver: DNSResolver(host: acme.resolverHost, port: acme.resolverPort, random: store.random),
            ingressAddresses: acme.ingressAddresses, caaIdentities: acme.caaIdentities, baseDomain: configuration.api.baseDomain)
        settings.publicHTTPPort = configuration.domainChecks.httpPort
        settings.probeInternalAddresses = configuration.domainChecks.probeInternalAddresses
        let manager = CertificateManager(
            store: store, certificates: certificates, settings: settings,
            accountKey: {
                try ACMEAccountKey.key(
                    from: try await DeploymentSecrets(store: store).loadOrCreate(ACMEAccountKey.secretName) { ACMEAccountKey.fresh() })
            },
            logger: logger)
        return manager.service(interval: acme.checkInterval)
    }

    /// The LMTP listener, when `HAVEN_LMTP_PORT` or `HAVEN_LMTP_SOCKET` asks for one.
    static func mailListener(
        _ helpdesk: Helpdesk, _ configuration: ServerConfiguration, logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) -> [any Service] {
        let mail = configuration.mail
        let address: LMTPListener.Settings.Address
        if let socket = mail.lmtpSocket {
            address = .unixSocket(socket)
        } else if let port = mail.lmtpPort {
            address = .tcp(host: mail.lmtpHost, port: port)
        } else {
            return []
        }
        return [
            LMTPListener(
                settings: LMTPListener.Settings(address: address, maxMessageBytes: mail.maxMessageBytes, limits: mail.limits),
                inbound: InboundMail(helpdesk), hostname: helpdesk.settings.mailDomain, logger: logger, onListening: onListening)
        ]
    }

    /// The outbox service: the deployment's smarthost (`HAVEN_SMTP_URL`) and tenants' own; mail with neither waits.
    static func outboxSender(_ helpdesk: Helpdesk, _ configuration: ServerConfiguration, logger: Logger) throws -> OutboxSender? {
        OutboxSender(helpdesk: helpdesk, transports: try MailTransports(helpdesk: helpdesk, mail: configuration.mail), logger: logger)
    }

    /// Jobs, index maintenance, certificate sync, key and audit maintenance, the trash purge.
    static func backgroundServices(
        _ helpdesk: Helpdesk,
        _ configuration: ServerConfiguration,
        certificateSync: CertificateSync,
        securityEvents: SecurityEvents,
        metrics: OperatorMetrics?,
        logger: Logger
    ) -> [any Service] {
        let store = helpdesk.store
        var jobs = JobRunner(
            store: store, notifier: helpdesk.jobs, logger: logger, exportLifetimeSeconds: configuration.exportHours * 3_600,
            exportReady: { job, kind, file, sql in try await ExportNotice(helpdesk).enqueue(for: job, kind: kind, file: file, on: sql)
            },
            afterExport: { helpdesk.outbox.notify() },
            handlers: [
                ExportKind.package.jobName: { job in
                    try await DataSubjectPackages(helpdesk).produce(job, lifetimeSeconds: configuration.exportHours * 3_600)
                }
            ])
        jobs.metrics = metrics
        let periodic: [PeriodicService] = [
            certificateSync.service(interval: configuration.certificateSyncInterval, logger: logger),
            MaintenanceJobs.epochKeys(store: store, logger: logger),
            MaintenanceJobs.securityEvents(store: store, events: securityEvents, logger: logger),
            MaintenanceJobs.auditRetention(store: store, settings: configuration.auditRetention, logger: logger),
            MaintenanceJobs.trash(store: store, days: configuration.trashDays, logger: logger),
            MaintenanceJobs.retention(store: store, logger: logger),
            MaintenanceJobs.tenantPurges(store: store, days: configuration.tenantPurgeDays, logger: logger),
            MaintenanceJobs.accessEnds(helpdesk: helpdesk, logger: logger),
            MaintenanceJobs.escalations(helpdesk: helpdesk, logger: logger),
        ]
        let measured: [any Service] = periodic.map { service in
            var measured = service
            measured.metrics = metrics
            return measured
        }
        return [jobs, TermIndexService(store: store, sweepInterval: .seconds(10), logger: logger)] + measured
    }

    /// Runs until SIGINT/SIGTERM or `shutDownGracefully()`, then stops every service gracefully. (Cancelling the
    /// task stops it too, but abruptly: see `GracefulShutdownTrigger`.)
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
        await self.shutdown.attach(group)
        try await group.run()
    }

    /// Stops the server as SIGTERM does; `run()` returns once every service has finished.
    public func shutDownGracefully() async {
        await self.shutdown.trigger()
    }
}
