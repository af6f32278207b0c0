public import HavenCore
import HavenCrypto
public import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The storage layer assembled: the database (with the keystore and the blind-index file attached), the key ring,
/// and one repository per table family, each behind its protocol (the SQLite implementations here). Use cases run
/// their work in `read` / `write` and reach rows only through these repositories.
public struct Store: Sendable {
    public let database: HavenDatabase
    public let clock: any HavenClock
    public let random: any RandomSource
    /// This process among the nodes sharing the database: the owner named in the claims and leases it takes.
    public let node: String
    public let keys: KeyRing
    /// The audit log's writer: every change records its event through this, inside its own transaction.
    public let audit: AuditLog
    public let auditEntries: any AuditRepository
    public let termIndexer = TermIndexer()
    /// Recently resolved API keys (`CredentialCache`), cleared by every change that can take a key's power away.
    public let credentials = CredentialCache()
    public let tenants: any TenantRepository
    public let apiKeys: any APIKeyRepository
    public let roles: any RoleRepository
    public let groups: any GroupRepository
    public let ticketFields: any TicketFieldRepository
    public let jobs: any JobRepository
    public let contacts: any ContactRepository
    public let agents: any AgentRepository
    public let companies: any CompanyRepository
    public let tickets: any TicketRepository
    public let conversations: any ConversationRepository
    public let timeEntries: any TimeEntryRepository
    public let domainCertificates: any DomainCertificateRepository
    public let customDomains: any CustomDomainRepository
    public let certificateIssuance: any CertificateIssuanceRepository
    public let credentialsOfPeople: any CredentialRepository
    public let sessions: any SessionRepository
    public let signInLocks: any SignInLockRepository
    public let accountTokens: any AccountTokenRepository
    public let securityPolicies: any SecurityPolicyRepository
    public let portal: any PortalRepository
    public let consents: any ConsentRepository
    public let exportFiles: any ExportFileRepository
    public let mail: any MailRepository
    public let receipts: any DeletionReceiptRepository
    public let retention: any RetentionRepository
    public let attachments: any AttachmentRepository
    public let secureValues: any SecureValueRepository
    public let canned: any CannedResponseRepository
    public let sla: any SLARepository
    public let recordFields: any RecordFieldRepository
    public let surveys: any SurveyRepository
    public let summaries: any TicketSummaryRepository
    public let scenarios: any ScenarioRepository
    public let solutions: any SolutionRepository
    public let skills: any SkillRepository
    public let discussions: any DiscussionRepository
    public let rateWindows: any RateWindowRepository
    public let authenticationFailures: any AuthenticationFailureRepository
    /// Compiled security policies for the request path, cleared by every policy change.
    public let policyCache = SecurityPolicyCache()
    /// The SQLite engine's own index maintenance (`Reindexer`, `TermIndexer`) works below the protocols.
    let sqliteContacts: SQLiteContactRepository
    let sqliteTickets: SQLiteTicketRepository

    public init(database: HavenDatabase, clock: any HavenClock, random: any RandomSource, keys: KeyRing) {
        self.database = database
        self.clock = clock
        self.random = random
        self.node = "node-" + random.hex(count: 8)
        self.keys = keys
        let auditEntries = SQLiteAuditRepository()
        self.auditEntries = auditEntries
        self.audit = AuditLog(keys: keys, repository: auditEntries)
        self.tenants = SQLiteTenantRepository(credentials: self.credentials)
        self.apiKeys = SQLiteAPIKeyRepository(credentials: self.credentials)
        self.roles = SQLiteRoleRepository()
        let slaCache = TenantCache<SLAClock.Setup>(clock: clock)
        self.sla = SQLiteSLARepository(cache: slaCache)
        self.groups = SQLiteGroupRepository(slaCache: slaCache)
        self.jobs = SQLiteJobRepository()
        let ticketFieldCache = TicketFieldCache(clock: clock)
        self.ticketFields = SQLiteTicketFieldRepository(cache: ticketFieldCache)
        let withoutSkills = TenantCache<Bool>(clock: clock)
        Self.followNotices(
            database.changes, keys: keys, credentials: self.credentials, policies: self.policyCache, ticketFields: ticketFieldCache,
            slaSetups: slaCache, withoutSkills: withoutSkills)
        let contacts = SQLiteContactRepository(keys: keys, credentials: self.credentials)
        self.contacts = contacts
        self.sqliteContacts = contacts
        self.agents = SQLiteAgentRepository(keys: keys, contacts: contacts, credentials: self.credentials)
        self.companies = SQLiteCompanyRepository(keys: keys)
        let conversations = SQLiteConversationRepository(keys: keys)
        self.conversations = conversations
        let timeEntries = SQLiteTimeEntryRepository(keys: keys)
        self.timeEntries = timeEntries
        let attachments = SQLiteAttachmentRepository(keys: keys)
        self.attachments = attachments
        let secureValues = SQLiteSecureValueRepository(keys: keys)
        self.secureValues = secureValues
        let summaries = SQLiteTicketSummaryRepository(keys: keys)
        self.summaries = summaries
        let tickets = SQLiteTicketRepository(
            keys: keys, conversations: conversations, timeEntries: timeEntries, attachments: attachments, secureValues: secureValues,
            summaries: summaries, termIndexer: self.termIndexer)
        self.tickets = tickets
        self.sqliteTickets = tickets
        self.domainCertificates = SQLiteDomainCertificateRepository(keys: keys)
        self.customDomains = SQLiteCustomDomainRepository()
        self.certificateIssuance = SQLiteCertificateIssuanceRepository()
        self.credentialsOfPeople = SQLiteCredentialRepository(keys: keys)
        self.sessions = SQLiteSessionRepository(keys: keys)
        self.signInLocks = SQLiteSignInLockRepository()
        self.accountTokens = SQLiteAccountTokenRepository()
        self.securityPolicies = SQLiteSecurityPolicyRepository(cache: self.policyCache)
        self.portal = SQLitePortalRepository(keys: keys)
        self.consents = SQLiteConsentRepository(keys: keys)
        self.exportFiles = SQLiteExportFileRepository(keys: keys)
        self.mail = SQLiteMailRepository(keys: keys)
        self.receipts = SQLiteDeletionReceiptRepository()
        self.retention = SQLiteRetentionRepository()
        self.canned = SQLiteCannedResponseRepository(keys: keys)
        self.recordFields = SQLiteRecordFieldRepository()
        self.surveys = SQLiteSurveyRepository(keys: keys)
        self.scenarios = SQLiteScenarioRepository(keys: keys)
        self.solutions = SQLiteSolutionRepository()
        self.skills = SQLiteSkillRepository(withoutSkills: withoutSkills)
        self.discussions = SQLiteDiscussionRepository(keys: keys)
        self.rateWindows = SQLiteRateWindowRepository()
        self.authenticationFailures = SQLiteAuthenticationFailureRepository()
    }

    /// The database file inside a data directory.
    public static func databasePath(dataDirectory: String) -> String {
        Self.join(dataDirectory, "haven.sqlite")
    }

    /// The blind-index file: derived data, excluded from backups, rebuilt by `haven reindex`.
    public static func indexPath(dataDirectory: String) -> String {
        Self.join(dataDirectory, "index.sqlite")
    }

    /// The embedded default key directory (with a warning: production keeps keys elsewhere).
    public static func defaultKeyDirectory(dataDirectory: String) -> String {
        Self.join(dataDirectory, "keys")
    }

    /// True when the key directory lies inside the data directory (the embedded default): `serve` warns, since a
    /// copy of the data directory then carries the keys and crypto-shredding no longer holds for it.
    public static func keysInsideDataDirectory(keyDirectory: String?, dataDirectory: String) -> Bool {
        KeystoreSetup.isInside(keyDirectory ?? Self.defaultKeyDirectory(dataDirectory: dataDirectory), dataDirectory)
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Opens the store in `dataDirectory` (created with mode 0700 if missing) with its keys in `keyDirectory`,
    /// applies pending migrations, and checks that the two belong together. Refuses, naming the problem, when the
    /// key directory is missing, unsafe, or holds another deployment's keystore.
    public static func open(
        dataDirectory: String,
        keyDirectory: String? = nil,
        durability: HavenDatabase.Durability = .normal,
        groupCommitLimit: Int = HavenDatabase.defaultGroupCommitLimit,
        clock: any HavenClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        logger: Logger
    ) async throws -> Store {
        try Self.ensureDirectory(dataDirectory)
        let keyDirectory = keyDirectory ?? Self.defaultKeyDirectory(dataDirectory: dataDirectory)
        let databasePath = Self.databasePath(dataDirectory: dataDirectory)
        try await KeystoreSetup.prepareDirectory(keyDirectory, databasePath: databasePath, dataDirectory: dataDirectory, logger: logger)
        let database = try await HavenDatabase.open(
            path: databasePath,
            durability: durability,
            groupCommitLimit: groupCommitLimit,
            attach: [
                (KeystoreSchema.keystore, Self.join(keyDirectory, "keystore.sqlite")),
                (KeystoreSchema.index, Self.indexPath(dataDirectory: dataDirectory)),
            ],
            logger: logger
        )
        do {
            let applied = try await Migrator(database: database, clock: clock).migrate()
            return try await Self.assemble(
                database, keyDirectory: keyDirectory,
                upgradedFromPlaintext: applied.contains(Migration0003SealedColumns.migration.version)
                    && applied.count < Migrations.all.count,
                clock: clock, random: random, logger: logger)
        } catch {
            await database.close()
            throw error
        }
    }

    /// Opens the store on PostgreSQL (storage.md §5) with its epoch keys in `keyDirectory`. Haven's nodes connect as
    /// a role under the row-level-security wall (no SUPERUSER, no BYPASSRLS): anything else is refused, as is a
    /// schema this binary has not migrated (`migratePostgres`, with the owner's URL, comes first).
    public static func open(
        databaseURL: DatabaseURL,
        keyDirectory: String,
        maximumConnections: Int = 20,
        clock: any HavenClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        logger: Logger
    ) async throws -> Store {
        let database = await HavenDatabase.open(url: databaseURL, maximumConnections: maximumConnections, logger: logger)
        do {
            return try await Self.open(
                postgres: database, url: databaseURL, keyDirectory: keyDirectory, clock: clock, random: random, logger: logger)
        } catch {
            await database.close()
            throw error
        }
    }

    /// The same on a PostgreSQL database the caller opened (and closes): `haven serve`'s, whose pool its service
    /// group runs.
    public static func open(
        postgres database: HavenDatabase,
        url databaseURL: DatabaseURL,
        keyDirectory: String,
        clock: any HavenClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        logger: Logger
    ) async throws -> Store {
        let keysExisted = access(keyDirectory, F_OK) == 0
        try await Self.verifyPostgres(database, clock: clock)
        // As on SQLite: a missing key directory is created only for a database that holds nothing yet; for
        // existing data it means the keys are elsewhere (or lost), and starting would seal new data under new keys.
        if !keysExisted, try await database.read({ sql in try await sql.first("SELECT 1 AS x FROM deployment") }) != nil {
            throw KeyError.keyDirectory(
                "The key directory \(keyDirectory) does not exist, but \(databaseURL.redacted) holds encrypted data: point HAVEN_KEY_DIR (or --key-dir) at the key directory it was created with"
            )
        }
        try Self.ensureDirectory(keyDirectory)
        try LocalFileKeyProvider.checkDirectory(keyDirectory)
        return try await Self.assemble(
            database, keyDirectory: keyDirectory, upgradedFromPlaintext: false, clock: clock, random: random, logger: logger)
    }

    /// Connects to PostgreSQL as a role the tenant wall applies to, on a schema this binary has fully migrated —
    /// or throws naming what to do (and leaves nothing open).
    public static func verifiedPostgres(
        _ databaseURL: DatabaseURL, maximumConnections: Int, clock: any HavenClock, logger: Logger
    ) async throws -> HavenDatabase {
        let database = await HavenDatabase.open(url: databaseURL, maximumConnections: maximumConnections, logger: logger)
        do {
            try await Self.verifyPostgres(database, clock: clock)
            return database
        } catch {
            await database.close()
            throw error
        }
    }

    /// The role and migration checks of `verifiedPostgres` on an open database.
    static func verifyPostgres(_ database: HavenDatabase, clock: any HavenClock) async throws {
        guard let engine = database.postgres else { throw HavenError.internalFailure("not a PostgreSQL database") }
        let role = try await engine.connectionRole()
        guard !role.superuser, !role.bypassesRLS else {
            throw HavenError.usage(
                "Haven must not connect to PostgreSQL as \(role.role): the role is a superuser or bypasses row-level security, "
                    + "so the tenant wall would not apply. Connect as a member of \(PostgresSchema.applicationRole) (docs/postgresql.md)"
            )
        }
        let migrated = try await database.read { sql in
            try await sql.first("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present")?.bool("present") ?? false
        }
        let applied = migrated ? try await Migrator(database: database, clock: clock).appliedVersions() : []
        let missing = Migrations.all.map(\.version).filter { !applied.contains($0) }
        guard missing.isEmpty else {
            throw HavenError.usage(
                "The PostgreSQL database lacks \(missing.count) migration(s) this Haven needs: run `haven migrate` with the "
                    + "owner's --database-url first")
        }
    }

    /// Applies pending migrations to a PostgreSQL database as its owner (`haven migrate --database-url …`), puts the
    /// wall on every tenant table and grants the application role its row access. Returns the versions applied.
    @discardableResult
    public static func migratePostgres(databaseURL: DatabaseURL, clock: any HavenClock = SystemClock(), logger: Logger) async throws
        -> [Int]
    {
        let database = await HavenDatabase.open(url: databaseURL, maximumConnections: 2, logger: logger)
        do {
            let applied = try await Migrator(database: database, clock: clock).migrate()
            await database.close()
            return applied
        } catch {
            await database.close()
            throw error
        }
    }

    /// The key ring, the repositories and the keystore checks over an open, migrated database.
    private static func assemble(
        _ database: HavenDatabase, keyDirectory: String, upgradedFromPlaintext: Bool, clock: any HavenClock,
        random: any RandomSource, logger: Logger
    ) async throws -> Store {
        let provider = LocalFileKeyProvider(directory: keyDirectory, random: random)
        let keys = KeyRing(provider: provider, clock: clock, random: random, logger: logger)
        let store = Store(database: database, clock: clock, random: random, keys: keys)
        try await KeystoreSetup(store: store, keyDirectory: keyDirectory, logger: logger).bind(upgradedFromPlaintext: upgradedFromPlaintext)
        return store
    }

    static func ensureDirectory(_ path: String) throws {
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw HavenError.usage("The data directory \(path) exists but is not a directory")
            }
            guard access(path, W_OK) == 0 else {
                throw HavenError.usage("The data directory \(path) is not writable")
            }
            return
        }
        // Create parents as needed; the data directory itself is private to the service user.
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if stat(built, &status) != 0, mkdir(built, 0o700) != 0, errno != EEXIST {
                throw HavenError.usage("Cannot create the data directory \(path) (errno \(errno))")
            }
        }
    }

    public func read<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        try await self.database.read(body)
    }

    public func write<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        try await self.database.write(body)
    }
}
