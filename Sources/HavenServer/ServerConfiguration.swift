import Foundation
public import HavenAPI
public import HavenApp
public import HavenAudit
import HavenCore
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
    public var durability = HavenDatabase.Durability.normal
    /// How many write transactions may share one SQLite commit (`HAVEN_SQLITE_GROUP_COMMIT`; 1 turns grouping off).
    public var groupCommitLimit = HavenDatabase.defaultGroupCommitLimit
    public var logLevel = Logger.Level.info
    /// Operator-provided certificate chain and key (PEM) for the base domain; generated locally when absent.
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    public var tlsMinimumVersion = TLSPolicy.MinimumVersion.tls12
    /// Development only: also serve the API over plain HTTP, to loopback clients.
    public var httpAPIOnLoopback = false
    /// How often certificates changed by another process are picked up.
    public var certificateSyncInterval: Duration = .seconds(15)
    /// Automatic certificates for custom domains; nil (no `HAVEN_ACME_DIRECTORY_URL`) leaves them off.
    public var acme: ACMESettings?

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
    }

    /// Trashed tickets are deleted for good this many days after they were trashed (`HAVEN_TRASH_DAYS`).
    public var trashDays: Int64 = 30
    /// Audit entries older than this many days move into sealed archive files (`HAVEN_AUDIT_RETENTION_DAYS`).
    public var auditRetentionDays: Int64 = 90
    /// Archives are deleted this many days after they were written (`HAVEN_AUDIT_ARCHIVE_DAYS`).
    public var auditArchiveDays: Int64 = 21
    /// Where archives go; default `DATA_DIR/audit-archive` (`HAVEN_AUDIT_ARCHIVE_DIR`).
    public var auditArchiveDirectory: String?

    /// What the use cases need of these settings.
    public var helpdesk: HelpdeskSettings {
        HelpdeskSettings(baseDomain: self.api.baseDomain, cnameBase: self.cnameBase, domainChecks: self.domainChecks)
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
        public var httpPort: Int?
        public var httpsPort: Int?
        public var baseDomain: String?
        public var bindHost: String?
        public var httpAPIOnLoopback: Bool

        public init(
            dataDirectory: String? = nil,
            keyDirectory: String? = nil,
            httpPort: Int? = nil,
            httpsPort: Int? = nil,
            baseDomain: String? = nil,
            bindHost: String? = nil,
            httpAPIOnLoopback: Bool = false
        ) {
            self.dataDirectory = dataDirectory
            self.keyDirectory = keyDirectory
            self.httpPort = httpPort
            self.httpsPort = httpsPort
            self.baseDomain = baseDomain
            self.bindHost = bindHost
            self.httpAPIOnLoopback = httpAPIOnLoopback
        }
    }

    public static func load(flags: Flags, environment: [String: String]) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        var problems: [String] = []

        func integer(_ flag: Int?, _ variable: String, range: ClosedRange<Int>, default value: Int) -> Int {
            if let flag {
                guard range.contains(flag) else {
                    problems.append("\(variable.lowercased()): \(flag) is outside \(range.lowerBound)...\(range.upperBound)")
                    return value
                }
                return flag
            }
            guard let text = environment[variable] else { return value }
            guard let number = Int(text), range.contains(number) else {
                problems.append("\(variable)=\(text) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
                return value
            }
            return number
        }

        configuration.dataDirectory = flags.dataDirectory ?? environment["HAVEN_DATA_DIR"] ?? "./data"
        if configuration.dataDirectory.isEmpty { problems.append("the data directory must not be empty") }
        configuration.keyDirectory = flags.keyDirectory ?? environment["HAVEN_KEY_DIR"]
        if configuration.keyDirectory?.isEmpty == true { problems.append("HAVEN_KEY_DIR must not be empty") }
        configuration.epochGraceSeconds =
            Int64(
                integer(nil, "HAVEN_EPOCH_GRACE_HOURS", range: 0...(24 * 365), default: 7 * 24)
            ) * 3600
        let (checks, checkProblems) = DomainDiagnosis.Settings.from(environment: environment)
        configuration.domainChecks = checks
        problems += checkProblems
        if let directory = environment["HAVEN_ACME_DIRECTORY_URL"], !directory.isEmpty {
            if !directory.hasPrefix("https://") { problems.append("HAVEN_ACME_DIRECTORY_URL=\(directory) must be an https:// URL") }
            let resolverText = environment["HAVEN_DNS_RESOLVER"] ?? DNSResolver.systemResolver()
            let resolver = DNSResolver.address(resolverText)
            if resolver == nil { problems.append("HAVEN_DNS_RESOLVER=\(resolverText) must be host:port (an IP address and a port)") }
            var acme = ACMESettings(
                directoryURL: directory, caBundleFile: environment["HAVEN_ACME_CA_BUNDLE"], contact: environment["HAVEN_ACME_CONTACT"],
                resolverHost: resolver?.host ?? "127.0.0.1", resolverPort: resolver?.port ?? 53)
            if let list = environment["HAVEN_INGRESS_ADDRESSES"] {
                acme.ingressAddresses = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
            if let list = environment["HAVEN_ACME_CAA_IDENTITIES"] {
                acme.caaIdentities = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            }
            acme.checkInterval = .seconds(integer(nil, "HAVEN_CERTIFICATE_CHECK_SECONDS", range: 1...3600, default: 10))
            configuration.acme = acme
        }
        configuration.trashDays = Int64(integer(nil, "HAVEN_TRASH_DAYS", range: 1...36_500, default: 30))
        configuration.auditRetentionDays = Int64(integer(nil, "HAVEN_AUDIT_RETENTION_DAYS", range: 1...36_500, default: 90))
        configuration.auditArchiveDays = Int64(integer(nil, "HAVEN_AUDIT_ARCHIVE_DAYS", range: 0...36_500, default: 21))
        configuration.auditArchiveDirectory = environment["HAVEN_AUDIT_ARCHIVE_DIR"]
        if configuration.auditArchiveDirectory?.isEmpty == true { problems.append("HAVEN_AUDIT_ARCHIVE_DIR must not be empty") }
        configuration.httpPort = integer(flags.httpPort, "HAVEN_HTTP_PORT", range: 0...65535, default: 8080)
        configuration.httpsPort = integer(flags.httpsPort, "HAVEN_HTTPS_PORT", range: 0...65535, default: 8443)
        configuration.bindHost = flags.bindHost ?? environment["HAVEN_BIND_HOST"] ?? "127.0.0.1"
        let baseDomain = (flags.baseDomain ?? environment["HAVEN_BASE_DOMAIN"] ?? "localhost").lowercased()
        if baseDomain.isEmpty || baseDomain.contains(where: { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) {
            problems.append("the base domain '\(baseDomain)' is not a valid host name")
        }
        configuration.api.baseDomain = baseDomain
        if let base = environment["HAVEN_CNAME_BASE"] {
            let (name, problem) = DomainName.normalize(base)
            if let problem { problems.append("HAVEN_CNAME_BASE=\(base) \(problem)") }
            configuration.cnameBase = name
        }
        configuration.api.rateLimitPerMinute = integer(
            nil,
            "HAVEN_RATE_LIMIT_PER_MINUTE",
            range: 1...100_000_000,
            default: configuration.api.rateLimitPerMinute
        )
        configuration.api.maxBodyBytes = integer(
            nil,
            "HAVEN_MAX_BODY_BYTES",
            range: 1024...(256 * 1024 * 1024),
            default: configuration.api.maxBodyBytes
        )
        configuration.groupCommitLimit = integer(
            nil, "HAVEN_SQLITE_GROUP_COMMIT", range: 1...1000, default: HavenDatabase.defaultGroupCommitLimit)
        if let text = environment["HAVEN_SQLITE_SYNCHRONOUS"] {
            if let value = HavenDatabase.Durability(rawValue: text.lowercased()) {
                configuration.durability = value
            } else {
                problems.append("HAVEN_SQLITE_SYNCHRONOUS=\(text) must be 'normal' or 'full'")
            }
        }
        if let text = environment["HAVEN_LOG_LEVEL"] {
            if let level = Logger.Level(rawValue: text.lowercased()) {
                configuration.logLevel = level
            } else {
                problems.append("HAVEN_LOG_LEVEL=\(text) must be one of trace, debug, info, notice, warning, error, critical")
            }
        }
        configuration.tlsCertificateFile = environment["HAVEN_TLS_CERT_FILE"]
        configuration.tlsKeyFile = environment["HAVEN_TLS_KEY_FILE"]
        if (configuration.tlsCertificateFile == nil) != (configuration.tlsKeyFile == nil) {
            problems.append("HAVEN_TLS_CERT_FILE and HAVEN_TLS_KEY_FILE must be given together")
        }
        if let text = environment["HAVEN_TLS_MIN_VERSION"] {
            if let value = TLSPolicy.MinimumVersion(rawValue: text) {
                configuration.tlsMinimumVersion = value
            } else {
                problems.append("HAVEN_TLS_MIN_VERSION=\(text) must be 1.2 or 1.3")
            }
        }
        configuration.httpAPIOnLoopback = flags.httpAPIOnLoopback || environment["HAVEN_HTTP_API_ON_LOOPBACK"] == "1"
        if configuration.httpPort != 0 && configuration.httpPort == configuration.httpsPort {
            problems.append("the HTTP and HTTPS ports must differ")
        }
        guard problems.isEmpty else {
            throw HavenError.usage("Invalid configuration:\n  - " + problems.joined(separator: "\n  - "))
        }
        return configuration
    }
}
