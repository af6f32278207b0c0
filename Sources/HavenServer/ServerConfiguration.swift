import Foundation
public import HavenAPI
public import HavenApp
public import HavenAudit
import HavenCore
import HavenMail
public import HavenStore
public import HavenTLS
public import Logging

/// Every setting `haven serve` uses, from command-line flags over `HAVEN_*` environment variables over defaults.
/// All problems are collected and reported together, so an operator fixes them in one go.
public struct ServerConfiguration: Sendable {
    public var dataDirectory = "./data"
    /// Epoch keys and the keystore; nil = `DATA_DIR/keys` (embedded default, with a start-up warning).
    public var keyDirectory: String?
    /// How long a retired epoch key is kept after `keys new-epoch` before it is destroyed.
    public var epochGraceSeconds: Int64 = 7 * 86_400
    public var bindHost = "127.0.0.1"
    public var httpPort = 8080
    public var httpsPort = 8443
    public var api = APIConfiguration()
    /// Custom domains point their CNAME at a name under this (`HAVEN_CNAME_BASE`); default `cname.{baseDomain}`.
    public var cnameBase: String?
    /// How a custom domain's diagnosis looks at it from outside.
    public var domainChecks = DomainDiagnosis.Settings()
    /// The HTTPS port people reach Haven on when a proxy or NAT stands in front (`HAVEN_PUBLIC_HTTPS_PORT`); mailed
    /// links name it. Nil: the listener's own port.
    public var publicHTTPSPort: Int?
    public var durability = HavenDatabase.Durability.normal
    /// How many write transactions may share one SQLite commit (`HAVEN_SQLITE_GROUP_COMMIT`; 1 turns grouping off).
    public var groupCommitLimit = HavenDatabase.defaultGroupCommitLimit
    /// PostgreSQL instead of SQLite (`--database-url`, `HAVEN_DATABASE_URL`).
    public var databaseURL: DatabaseURL?
    /// The most PostgreSQL connections this node opens (`HAVEN_DATABASE_CONNECTIONS`).
    public var databaseConnections = 20
    public var logLevel = Logger.Level.info
    /// Operator-provided certificate chain and key (PEM) for the base domain; generated locally when absent.
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    public var tlsMinimumVersion = TLSPolicy.MinimumVersion.tls12
    /// Development only: also serve the API over plain HTTP, to loopback clients.
    public var httpAPIOnLoopback = false
    /// How often certificates changed by another process are picked up.
    public var certificateSyncInterval: Duration = .seconds(15)
    /// Connection caps and timeouts of both listeners.
    public var connections = ConnectionLimits()
    /// Failed API authentications an address may make per minute before it is refused for a while.
    public var authenticationFailuresPerMinute = AuthenticationThrottle.defaultFailuresPerMinute
    /// Automatic certificates for custom domains; nil (no `HAVEN_ACME_DIRECTORY_URL`) leaves them off.
    public var acme: ACMESettings?
    /// The operators' `/metrics` listener; nil with `HAVEN_METRICS_PORT=off`.
    public var metrics: MetricsSettings? = MetricsSettings()

    public struct MetricsSettings: Sendable {
        /// `HAVEN_METRICS_HOST`: loopback unless the operator names another address.
        public var host = "127.0.0.1"
        /// `HAVEN_METRICS_PORT` (9464, the port Prometheus's exporters conventionally start from; 0 = any free one).
        public var port = 9464
        /// Named by the operator: failing to listen then stops the server instead of only being logged.
        public var explicit = false

        public init() {}
    }

    public struct ACMESettings: Sendable {
        public var directoryURL: String
        /// PEM roots trusted for the directory (`HAVEN_ACME_CA_BUNDLE`); the system's when nil.
        public var caBundleFile: String?
        public var contact: String?
        /// `HAVEN_DNS_RESOLVER` (host:port); default the first nameserver of /etc/resolv.conf.
        public var resolverHost: String
        public var resolverPort: Int
        public var ingressAddresses: Set<String> = []
        public var caaIdentities: [String] = ["letsencrypt.org"]
        public var checkInterval: Duration = .seconds(10)

        public init(directoryURL: String, caBundleFile: String?, contact: String?, resolverHost: String, resolverPort: Int) {
            self.directoryURL = directoryURL
            self.caBundleFile = caBundleFile
            self.contact = contact
            self.resolverHost = resolverHost
            self.resolverPort = resolverPort
        }
    }

    /// Trashed tickets are deleted for good this many days after they were trashed (`HAVEN_TRASH_DAYS`).
    public var trashDays: Int64 = 30
    /// How long an export's or a data package's file is kept for download (`HAVEN_EXPORT_HOURS`, 1 to 168).
    public var exportHours: Int64 = ExportJob.defaultLifetimeSeconds / 3_600
    /// A terminated tenant is purged this many days after its termination (`HAVEN_TENANT_PURGE_DAYS`).
    public var tenantPurgeDays: Int64 = TenantPurges.defaultDays
    /// Audit entries older than this many days move into sealed archive files (`HAVEN_AUDIT_RETENTION_DAYS`).
    public var auditRetentionDays: Int64 = 90
    /// Archives are deleted this many days after they were written (`HAVEN_AUDIT_ARCHIVE_DAYS`).
    public var auditArchiveDays: Int64 = 21
    /// Where archives go; default `DATA_DIR/audit-archive` (`HAVEN_AUDIT_ARCHIVE_DIR`).
    public var auditArchiveDirectory: String?
    /// The largest file the API accepts (`HAVEN_MAX_ATTACHMENT_BYTES`).
    public var maxAttachmentBytes = 15 * 1024 * 1024
    /// The e-mail channel (`HAVEN_MAIL_*`, `HAVEN_LMTP_*`).
    public var mail = MailSettings()

    public struct MailSettings: Sendable {
        /// `{subdomain}@{domain}` reaches a tenant (`HAVEN_MAIL_DOMAIN`); nil: the base domain.
        public var domain: String?
        /// The LMTP listener: `HAVEN_LMTP_PORT` (on `HAVEN_LMTP_HOST`, default loopback) or `HAVEN_LMTP_SOCKET`;
        /// off when neither is set.
        public var lmtpHost = "127.0.0.1"
        public var lmtpPort: Int?
        public var lmtpSocket: String?
        /// `HAVEN_MAIL_MAX_MESSAGE_BYTES`: larger messages are refused whole (552), never cut.
        public var maxMessageBytes = 25 * 1024 * 1024
        /// `HAVEN_MAIL_MAX_ATTACHMENT_BYTES`: larger files are left out and the ticket says so.
        public var maxAttachmentBytes = 15 * 1024 * 1024
        /// The smarthost (`HAVEN_SMTP_URL`: smtp://user:password@host:587, smtps://…, smtp+insecure://…); without
        /// one, mail waits in the outbox.
        public var smtpURL: String?
        /// PEM roots trusted for the smarthost's certificate (`HAVEN_SMTP_CA_BUNDLE`); the system's when nil.
        public var smtpCABundle: String?
        /// `HAVEN_TENANT_SMTP_LOCAL=allow`: tenants' own smarthosts may be local, private or without TLS.
        public var tenantSmarthostsMayBeLocal = false

        public init() {}

        var limits: ParsedMail.Limits {
            ParsedMail.Limits(maxAttachmentBytes: self.maxAttachmentBytes)
        }
    }

    /// What the use cases need of these settings.
    public var helpdesk: HelpdeskSettings {
        var settings = HelpdeskSettings(baseDomain: self.api.baseDomain, cnameBase: self.cnameBase, domainChecks: self.domainChecks)
        settings.mailDomainOverride = self.mail.domain
        settings.tenantSmarthostsMayBeLocal = self.mail.tenantSmarthostsMayBeLocal
        settings.publicHTTPSPort = self.publicHTTPSPort ?? self.httpsPort
        settings.maxAttachmentBytes = self.maxAttachmentBytes
        return settings
    }

    /// The audit retention settings these values make.
    public var auditRetention: AuditRetention.Settings {
        var settings = AuditRetention.Settings(
            archiveDirectory: self.auditArchiveDirectory ?? AuditRetention.defaultArchiveDirectory(dataDirectory: self.dataDirectory))
        settings.retentionDays = self.auditRetentionDays
        settings.archiveDays = self.auditArchiveDays
        return settings
    }

    public init() {}

    /// Flags the CLI parsed (nil when not given); they win over the environment.
    public struct Flags: Sendable {
        public var dataDirectory: String?
        public var keyDirectory: String?
        public var databaseURL: String?
        public var httpPort: Int?
        public var httpsPort: Int?
        public var baseDomain: String?
        public var bindHost: String?
        public var httpAPIOnLoopback: Bool

        public init(
            dataDirectory: String? = nil,
            keyDirectory: String? = nil,
            databaseURL: String? = nil,
            httpPort: Int? = nil,
            httpsPort: Int? = nil,
            baseDomain: String? = nil,
            bindHost: String? = nil,
            httpAPIOnLoopback: Bool = false
        ) {
            self.dataDirectory = dataDirectory
            self.keyDirectory = keyDirectory
            self.databaseURL = databaseURL
            self.httpPort = httpPort
            self.httpsPort = httpsPort
            self.baseDomain = baseDomain
            self.bindHost = bindHost
            self.httpAPIOnLoopback = httpAPIOnLoopback
        }
    }

    public static func load(flags: Flags, environment: [String: String]) throws -> ServerConfiguration {
        var reader = ConfigurationReader(environment: environment)
        var configuration = ServerConfiguration()
        configuration.readStorage(flags, &reader)
        configuration.readNetwork(flags, &reader)
        configuration.readDomains(&reader)
        configuration.readRetention(&reader)
        configuration.readSecurity(&reader)
        configuration.readEdge(&reader)
        configuration.readMail(&reader)
        guard reader.problems.isEmpty else {
            throw HavenError.usage("Invalid configuration:\n  - " + reader.problems.joined(separator: "\n  - "))
        }
        return configuration
    }

    mutating func readStorage(_ flags: Flags, _ reader: inout ConfigurationReader) {
        self.dataDirectory = flags.dataDirectory ?? reader.environment["HAVEN_DATA_DIR"] ?? "./data"
        if self.dataDirectory.isEmpty { reader.problems.append("the data directory must not be empty") }
        self.keyDirectory = flags.keyDirectory ?? reader.environment["HAVEN_KEY_DIR"]
        if self.keyDirectory?.isEmpty == true { reader.problems.append("HAVEN_KEY_DIR must not be empty") }
        self.databaseConnections = reader.integer(nil, "HAVEN_DATABASE_CONNECTIONS", range: 2...1000, default: 20)
        if let text = flags.databaseURL ?? reader.environment["HAVEN_DATABASE_URL"], !text.isEmpty {
            do {
                self.databaseURL = try DatabaseURL(parsing: text)
            } catch {
                reader.problems.append("\(error)")
            }
        }
        self.epochGraceSeconds = Int64(reader.integer(nil, "HAVEN_EPOCH_GRACE_HOURS", range: 0...(24 * 365), default: 7 * 24)) * 3600
        self.groupCommitLimit = reader.integer(
            nil, "HAVEN_SQLITE_GROUP_COMMIT", range: 1...1000, default: HavenDatabase.defaultGroupCommitLimit)
        if let text = reader.environment["HAVEN_SQLITE_SYNCHRONOUS"] {
            if let value = HavenDatabase.Durability(rawValue: text.lowercased()) {
                self.durability = value
            } else {
                reader.problems.append("HAVEN_SQLITE_SYNCHRONOUS=\(text) must be 'normal' or 'full'")
            }
        }
    }

    mutating func readNetwork(_ flags: Flags, _ reader: inout ConfigurationReader) {
        self.httpPort = reader.integer(flags.httpPort, "HAVEN_HTTP_PORT", range: 0...65535, default: 8080)
        self.httpsPort = reader.integer(flags.httpsPort, "HAVEN_HTTPS_PORT", range: 0...65535, default: 8443)
        if self.httpPort != 0 && self.httpPort == self.httpsPort { reader.problems.append("the HTTP and HTTPS ports must differ") }
        self.bindHost = flags.bindHost ?? reader.environment["HAVEN_BIND_HOST"] ?? "127.0.0.1"
        let baseDomain = (flags.baseDomain ?? reader.environment["HAVEN_BASE_DOMAIN"] ?? "localhost").lowercased()
        if baseDomain.isEmpty || baseDomain.contains(where: { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) {
            reader.problems.append("the base domain '\(baseDomain)' is not a valid host name")
        }
        self.api.baseDomain = baseDomain
        self.api.rateLimitPerMinute = reader.integer(
            nil, "HAVEN_RATE_LIMIT_PER_MINUTE", range: 1...100_000_000, default: self.api.rateLimitPerMinute)
        self.api.maxBodyBytes = reader.integer(
            nil, "HAVEN_MAX_BODY_BYTES", range: 1024...(256 * 1024 * 1024), default: self.api.maxBodyBytes)
        self.api.maxUploadBytes = reader.integer(
            nil, "HAVEN_MAX_UPLOAD_BYTES", range: 1024...(1024 * 1024 * 1024), default: self.api.maxUploadBytes)
        self.maxAttachmentBytes = reader.integer(
            nil, "HAVEN_MAX_ATTACHMENT_BYTES", range: 1...(1024 * 1024 * 1024), default: self.maxAttachmentBytes)
        self.httpAPIOnLoopback = flags.httpAPIOnLoopback || reader.environment["HAVEN_HTTP_API_ON_LOOPBACK"] == "1"
        self.readMetrics(&reader)
    }

    mutating func readMetrics(_ reader: inout ConfigurationReader) {
        if reader.environment["HAVEN_METRICS_PORT"]?.lowercased() == "off" {
            self.metrics = nil
            return
        }
        var metrics = MetricsSettings()
        metrics.port = reader.integer(nil, "HAVEN_METRICS_PORT", range: 0...65535, default: metrics.port)
        metrics.host = reader.environment["HAVEN_METRICS_HOST"] ?? metrics.host
        metrics.explicit = reader.environment["HAVEN_METRICS_PORT"] != nil || reader.environment["HAVEN_METRICS_HOST"] != nil
        if metrics.port != 0, metrics.port == self.httpPort || metrics.port == self.httpsPort {
            reader.problems.append("HAVEN_METRICS_PORT=\(metrics.port) must differ from the HTTP and HTTPS ports")
        }
        self.metrics = metrics
    }

    /// Connection governance, request-body parsing limits and the throttling of failed authentication.
    mutating func readEdge(_ reader: inout ConfigurationReader) {
        var limits = ConnectionLimits()
        limits.maxConnections = reader.integer(nil, "HAVEN_MAX_CONNECTIONS", range: 16...1_000_000, default: limits.maxConnections)
        limits.maxConnectionsPerAddress = reader.integer(
            nil, "HAVEN_MAX_CONNECTIONS_PER_ADDRESS", range: 1...1_000_000, default: limits.maxConnectionsPerAddress)
        func seconds(_ variable: String, _ value: Duration) -> Duration {
            .seconds(reader.integer(nil, variable, range: 1...3600, default: Int(value.components.seconds)))
        }
        limits.handshakeTimeout = seconds("HAVEN_TLS_HANDSHAKE_TIMEOUT_SECONDS", limits.handshakeTimeout)
        limits.requestHeadTimeout = seconds("HAVEN_REQUEST_HEAD_TIMEOUT_SECONDS", limits.requestHeadTimeout)
        limits.keepAliveTimeout = seconds("HAVEN_KEEP_ALIVE_TIMEOUT_SECONDS", limits.keepAliveTimeout)
        limits.minBodyBytesPerSecond = reader.integer(
            nil, "HAVEN_MIN_BODY_BYTES_PER_SECOND", range: 0...100_000_000, default: limits.minBodyBytesPerSecond)
        self.connections = limits
        self.api.jsonLimits.maxDepth = reader.integer(nil, "HAVEN_JSON_MAX_DEPTH", range: 2...512, default: self.api.jsonLimits.maxDepth)
        self.api.jsonLimits.maxKeysPerObject = reader.integer(
            nil, "HAVEN_JSON_MAX_KEYS", range: 16...10_000_000, default: self.api.jsonLimits.maxKeysPerObject)
        self.api.jsonLimits.maxValues = reader.integer(
            nil, "HAVEN_JSON_MAX_VALUES", range: 16...100_000_000, default: self.api.jsonLimits.maxValues)
        self.authenticationFailuresPerMinute = reader.integer(
            nil, "HAVEN_AUTH_FAILURES_PER_MINUTE", range: 1...1_000_000, default: self.authenticationFailuresPerMinute)
        if let list = reader.environment["HAVEN_TRUSTED_PROXIES"] {
            let (proxies, problems) = IPAllowlist.parse(list.split(separator: ",").map(String.init))
            reader.problems += problems.map { "HAVEN_TRUSTED_PROXIES: \($0)" }
            self.api.trustedProxies = proxies
        }
    }

    /// Custom domains: their CNAME base, how their diagnosis looks at them, and the ACME client.
    mutating func readDomains(_ reader: inout ConfigurationReader) {
        let (checks, checkProblems) = DomainDiagnosis.Settings.from(environment: reader.environment)
        self.domainChecks = checks
        reader.problems += checkProblems
        self.publicHTTPSPort = reader.environment["HAVEN_PUBLIC_HTTPS_PORT"] == nil ? nil : checks.httpsPort
        if let base = reader.environment["HAVEN_CNAME_BASE"] {
            let (name, problem) = DomainName.normalize(base)
            if let problem { reader.problems.append("HAVEN_CNAME_BASE=\(base) \(problem)") }
            self.cnameBase = name
        }
        guard let directory = reader.environment["HAVEN_ACME_DIRECTORY_URL"], !directory.isEmpty else { return }
        if !directory.hasPrefix("https://") { reader.problems.append("HAVEN_ACME_DIRECTORY_URL=\(directory) must be an https:// URL") }
        let resolverText = reader.environment["HAVEN_DNS_RESOLVER"] ?? DNSResolver.systemResolver()
        let resolver = DNSResolver.address(resolverText)
        if resolver == nil { reader.problems.append("HAVEN_DNS_RESOLVER=\(resolverText) must be host:port (an IP address and a port)") }
        var acme = ACMESettings(
            directoryURL: directory, caBundleFile: reader.environment["HAVEN_ACME_CA_BUNDLE"],
            contact: reader.environment["HAVEN_ACME_CONTACT"], resolverHost: resolver?.host ?? "127.0.0.1",
            resolverPort: resolver?.port ?? 53)
        if let list = reader.environment["HAVEN_INGRESS_ADDRESSES"] {
            acme.ingressAddresses = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if let list = reader.environment["HAVEN_ACME_CAA_IDENTITIES"] {
            acme.caaIdentities = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        }
        acme.checkInterval = .seconds(reader.integer(nil, "HAVEN_CERTIFICATE_CHECK_SECONDS", range: 1...3600, default: 10))
        self.acme = acme
    }

    mutating func readMail(_ reader: inout ConfigurationReader) {
        if let domain = reader.environment["HAVEN_MAIL_DOMAIN"] {
            let (name, problem) = DomainName.normalize(domain)
            if let problem { reader.problems.append("HAVEN_MAIL_DOMAIN=\(domain) \(problem)") }
            self.mail.domain = name
        }
        self.mail.lmtpHost = reader.environment["HAVEN_LMTP_HOST"] ?? "127.0.0.1"
        if reader.environment["HAVEN_LMTP_PORT"] != nil {
            self.mail.lmtpPort = reader.integer(nil, "HAVEN_LMTP_PORT", range: 0...65535, default: 0)
        }
        if let socket = reader.environment["HAVEN_LMTP_SOCKET"] {
            if socket.isEmpty || !socket.hasPrefix("/") { reader.problems.append("HAVEN_LMTP_SOCKET=\(socket) must be an absolute path") }
            self.mail.lmtpSocket = socket
        }
        if self.mail.lmtpPort != nil && self.mail.lmtpSocket != nil {
            reader.problems.append("set HAVEN_LMTP_PORT or HAVEN_LMTP_SOCKET, not both")
        }
        self.mail.smtpURL = reader.environment["HAVEN_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let url = self.mail.smtpURL {
            do {
                _ = try SMTPClient.Settings.parse(url, heloName: "check")
            } catch {
                reader.problems.append((error as? HavenError)?.message ?? "HAVEN_SMTP_URL is not valid")
            }
        }
        self.mail.smtpCABundle = reader.environment["HAVEN_SMTP_CA_BUNDLE"]
        switch reader.environment["HAVEN_TENANT_SMTP_LOCAL"] {
        case nil, "", "deny": self.mail.tenantSmarthostsMayBeLocal = false
        case "allow": self.mail.tenantSmarthostsMayBeLocal = true
        case let other?: reader.problems.append("HAVEN_TENANT_SMTP_LOCAL=\(other) must be allow or deny")
        }
        self.mail.maxMessageBytes = reader.integer(
            nil, "HAVEN_MAIL_MAX_MESSAGE_BYTES", range: 10_000...(200 * 1024 * 1024), default: self.mail.maxMessageBytes)
        self.mail.maxAttachmentBytes = reader.integer(
            nil, "HAVEN_MAIL_MAX_ATTACHMENT_BYTES", range: 1_000...(200 * 1024 * 1024), default: self.mail.maxAttachmentBytes)
    }

    mutating func readRetention(_ reader: inout ConfigurationReader) {
        self.trashDays = Int64(reader.integer(nil, "HAVEN_TRASH_DAYS", range: 1...36_500, default: 30))
        self.exportHours = Int64(reader.integer(nil, "HAVEN_EXPORT_HOURS", range: 1...168, default: Int(self.exportHours)))
        self.tenantPurgeDays = Int64(
            reader.integer(nil, "HAVEN_TENANT_PURGE_DAYS", range: 1...36_500, default: Int(TenantPurges.defaultDays)))
        self.auditRetentionDays = Int64(reader.integer(nil, "HAVEN_AUDIT_RETENTION_DAYS", range: 1...36_500, default: 90))
        self.auditArchiveDays = Int64(reader.integer(nil, "HAVEN_AUDIT_ARCHIVE_DAYS", range: 0...36_500, default: 21))
        self.auditArchiveDirectory = reader.environment["HAVEN_AUDIT_ARCHIVE_DIR"]
        if self.auditArchiveDirectory?.isEmpty == true { reader.problems.append("HAVEN_AUDIT_ARCHIVE_DIR must not be empty") }
    }

    /// Logging and TLS.
    mutating func readSecurity(_ reader: inout ConfigurationReader) {
        if let text = reader.environment["HAVEN_LOG_LEVEL"] {
            if let level = Logger.Level(rawValue: text.lowercased()) {
                self.logLevel = level
            } else {
                reader.problems.append("HAVEN_LOG_LEVEL=\(text) must be one of trace, debug, info, notice, warning, error, critical")
            }
        }
        self.tlsCertificateFile = reader.environment["HAVEN_TLS_CERT_FILE"]
        self.tlsKeyFile = reader.environment["HAVEN_TLS_KEY_FILE"]
        if (self.tlsCertificateFile == nil) != (self.tlsKeyFile == nil) {
            reader.problems.append("HAVEN_TLS_CERT_FILE and HAVEN_TLS_KEY_FILE must be given together")
        }
        if let text = reader.environment["HAVEN_TLS_MIN_VERSION"] {
            if let value = TLSPolicy.MinimumVersion(rawValue: text) {
                self.tlsMinimumVersion = value
            } else {
                reader.problems.append("HAVEN_TLS_MIN_VERSION=\(text) must be 1.2 or 1.3")
            }
        }
    }
}

/// Reads settings from flags and the environment, collecting every problem so they are reported together.
struct ConfigurationReader {
    let environment: [String: String]
    var problems: [String] = []

    mutating func integer(_ flag: Int?, _ variable: String, range: ClosedRange<Int>, default value: Int) -> Int {
        if let flag {
            guard range.contains(flag) else {
                self.problems.append("\(variable.lowercased()): \(flag) is outside \(range.lowerBound)...\(range.upperBound)")
                return value
            }
            return flag
        }
        guard let text = self.environment[variable] else { return value }
        guard let number = Int(text), range.contains(number) else {
            self.problems.append("\(variable)=\(text) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            return value
        }
        return number
    }
}
