import HavenCore
import HavenCrypto
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The storage layer assembled: the database and one repository per table family, sharing the field protector and
/// lookup index. Request handlers receive this and run their work in `read` / `write`.
public struct Store: Sendable {
    public let database: HavenDatabase
    public let clock: any HavenClock
    public let random: any RandomSource
    public let index: any LookupIndex
    public let tenants = TenantRepository()
    public let apiKeys = APIKeyRepository()
    public let roles = RoleRepository()
    public let groups = GroupRepository()
    public let ticketFields: TicketFieldRepository
    public let jobs = JobRepository()
    public let contacts: ContactRepository
    public let agents: AgentRepository
    public let companies: CompanyRepository
    public let tickets: TicketRepository
    public let conversations: ConversationRepository
    public let domainCertificates: DomainCertificateRepository

    public init(
        database: HavenDatabase,
        clock: any HavenClock,
        random: any RandomSource,
        protector: any FieldProtector = PassthroughFieldProtector(),
        index: any LookupIndex = CanonicalLookupIndex()
    ) {
        self.database = database
        self.clock = clock
        self.random = random
        self.index = index
        self.ticketFields = TicketFieldRepository(cache: TicketFieldCache(clock: clock))
        self.contacts = ContactRepository(protector: protector, index: index)
        self.agents = AgentRepository(protector: protector, contacts: self.contacts)
        self.companies = CompanyRepository(protector: protector, index: index)
        self.tickets = TicketRepository(protector: protector)
        self.conversations = ConversationRepository(protector: protector)
        self.domainCertificates = DomainCertificateRepository(protector: protector)
    }

    /// The database file inside a data directory.
    public static func databasePath(dataDirectory: String) -> String {
        dataDirectory.hasSuffix("/") ? dataDirectory + "haven.sqlite" : dataDirectory + "/haven.sqlite"
    }

    /// Opens the store in `dataDirectory` (created with mode 0700 if missing) and applies pending migrations.
    public static func open(
        dataDirectory: String,
        durability: HavenDatabase.Durability = .normal,
        clock: any HavenClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        logger: Logger
    ) async throws -> Store {
        try Self.ensureDirectory(dataDirectory)
        let database = try await HavenDatabase.open(
            path: Self.databasePath(dataDirectory: dataDirectory),
            durability: durability,
            logger: logger
        )
        do {
            try await Migrator(database: database, clock: clock).migrate()
        } catch {
            await database.close()
            throw error
        }
        return Store(database: database, clock: clock, random: random)
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
