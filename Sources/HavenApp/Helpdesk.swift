public import HavenCore
public import HavenCrypto
public import HavenStore

/// The application below every channel: what the use cases share. The API, the CLI (and the web console, portal
/// and mail channel after them) build one of these at the composition root and call its use cases; none of them
/// writes SQL or audit entries of its own.
public struct Helpdesk: Sendable {
    public let store: Store
    /// Wakes the job runner when a use case queued a job.
    public let jobs: JobNotifier
    /// Wakes the outbox service when a change queued mail.
    public let outbox = JobNotifier()
    public let settings: HelpdeskSettings
    /// The one password hasher: its gate bounds the memory of hashes computed at once across every channel.
    public let passwords: PasswordHasher

    public init(store: Store, jobs: JobNotifier = JobNotifier(), settings: HelpdeskSettings = HelpdeskSettings()) {
        self.store = store
        self.jobs = jobs
        self.settings = settings
        self.passwords = PasswordHasher(parameters: settings.passwordHashing, random: store.random)
    }

    public var clock: any HavenClock { self.store.clock }

    /// Runs one change: authorize, then validate, load, change and record its audit entry in one transaction
    /// (`body`); anything thrown rolls all of it back.
    func change<T: Sendable>(
        by principal: Principal,
        needs permission: Permission,
        _ body: (Change) async throws -> T
    ) async throws -> T {
        try principal.require(permission)
        let now = self.clock.now()
        return try await self.store.write { sql in
            try await body(Change(sql: sql, principal: principal, now: now, audit: self.store.audit))
        }
    }

    /// Runs one change for a customer (`Principal.Kind.contact`) acting on what is theirs: the body checks that the
    /// records it touches belong to `contact`; no helpdesk permission is involved.
    func customerChange<T: Sendable>(
        by principal: Principal,
        _ body: (Change, _ contact: UserID) async throws -> T
    ) async throws -> T {
        guard case .contact(let contact) = principal.kind else { throw HavenError.accessDenied }
        let now = self.clock.now()
        return try await self.store.write { sql in
            try await body(Change(sql: sql, principal: principal, now: now, audit: self.store.audit), contact)
        }
    }

    /// Reads one record for an authorized principal; nil (absent, or another tenant's) is a 404.
    func find<T: Sendable>(
        by principal: Principal,
        needs permission: Permission = .readHelpdesk,
        _ load: (SQLExecutor) async throws -> T?
    ) async throws -> T {
        try await self.query(by: principal, needs: permission) { sql in
            guard let found = try await load(sql) else { throw HavenError.notFound }
            return found
        }
    }

    /// Runs one read for an authorized principal, in one read transaction (one snapshot).
    func query<T: Sendable>(
        by principal: Principal,
        needs permission: Permission,
        _ body: (SQLExecutor) async throws -> T
    ) async throws -> T {
        try principal.require(permission)
        return try await self.store.read(body)
    }
}

/// Deployment settings some use cases need (custom domains).
public struct HelpdeskSettings: Sendable {
    /// Tenants live at `{subdomain}.{baseDomain}`.
    public var baseDomain: String
    /// Custom domains point their CNAME at a name under this (`HAVEN_CNAME_BASE`); default `cname.{baseDomain}`.
    public var cnameBase: String?
    /// How a custom domain's diagnosis looks at it from outside.
    public var domainChecks: DomainDiagnosis.Settings
    /// The password hash's cost (scrypt); tests lower it, deployments keep the default.
    public var passwordHashing: PasswordHasher.Parameters
    /// The largest file the API and the console accept (`HAVEN_MAX_ATTACHMENT_BYTES`); mail has its own limit.
    public var maxAttachmentBytes = 15 * 1024 * 1024
    /// Mail to `{subdomain}@{mailDomain}` reaches that tenant (`HAVEN_MAIL_DOMAIN`); nil: `baseDomain`.
    public var mailDomainOverride: String?
    /// Whether tenants' own smarthosts may be on this machine or a private network, or reached without TLS
    /// (`HAVEN_TENANT_SMTP_LOCAL=allow`): off by default, so a tenant admin cannot make Haven connect inward.
    public var tenantSmarthostsMayBeLocal = false
    /// The HTTPS port people reach Haven on, for the links Haven mails (`HAVEN_PUBLIC_HTTPS_PORT`, else the listener's).
    public var publicHTTPSPort = 443

    public init(
        baseDomain: String = "localhost", cnameBase: String? = nil, domainChecks: DomainDiagnosis.Settings = .init(),
        passwordHashing: PasswordHasher.Parameters = .init()
    ) {
        self.baseDomain = baseDomain
        self.cnameBase = cnameBase
        self.domainChecks = domainChecks
        self.passwordHashing = passwordHashing
    }

    public var resolvedCNAMEBase: String { self.cnameBase ?? "cname.\(self.baseDomain)" }

    /// A page of the tenant under the base domain, as mailed links name it: `https://acme.example.com/console/…`.
    public func link(_ tenant: Tenant, _ path: String) -> String {
        let port = self.publicHTTPSPort == 443 ? "" : ":\(self.publicHTTPSPort)"
        return "https://\(tenant.subdomain).\(self.baseDomain.lowercased())\(port)\(path)"
    }

    /// The domain of every tenant's default support address, lower-cased.
    public var mailDomain: String { (self.mailDomainOverride ?? self.baseDomain).lowercased() }
}
