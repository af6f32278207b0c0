public import HavenApp
public import HavenCore
public import HavenStore
public import Logging

/// The one composition root: `haven serve`, every CLI command and the tests open Haven through this, so all of
/// them run the same storage engine, keys and use cases (`HavenServer` then adds listeners and services).
public enum Composition {
    /// Where the data and keys are, and how durable commits are.
    public struct Storage: Sendable {
        public var dataDirectory: String
        /// nil: `DATA_DIR/keys`, the embedded default (with a warning from `serve`).
        public var keyDirectory: String?
        public var durability: HavenDatabase.Durability
        /// How many write transactions may share one commit (1: each commits alone).
        public var groupCommitLimit: Int
        /// PostgreSQL instead of the embedded SQLite file (`HAVEN_DATABASE_URL`, `--database-url`). The data directory
        /// then keeps only local files (the audit archive, the local CA), and the key directory the epoch keys.
        public var databaseURL: DatabaseURL?
        /// At most this many PostgreSQL connections (`HAVEN_DATABASE_CONNECTIONS`).
        public var databaseConnections: Int
        /// The PostgreSQL database at `databaseURL`, already opened by the caller, who also closes it: `haven serve`,
        /// whose service group runs its pool. nil: opened here.
        public var database: HavenDatabase?

        public init(
            dataDirectory: String,
            keyDirectory: String? = nil,
            durability: HavenDatabase.Durability = .normal,
            groupCommitLimit: Int = HavenDatabase.defaultGroupCommitLimit,
            databaseURL: DatabaseURL? = nil,
            databaseConnections: Int = 20
        ) {
            self.dataDirectory = dataDirectory
            self.keyDirectory = keyDirectory
            self.durability = durability
            self.groupCommitLimit = groupCommitLimit
            self.databaseURL = databaseURL
            self.databaseConnections = databaseConnections
        }
    }

    /// Opens the store (migrating it and checking its keys) and assembles the use cases over it.
    public static func open(
        _ storage: Storage,
        settings: HelpdeskSettings = HelpdeskSettings(),
        clock: any HavenClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        logger: Logger
    ) async throws -> Helpdesk {
        if let url = storage.databaseURL, let database = storage.database {
            let store = try await Store.open(
                postgres: database, url: url,
                keyDirectory: storage.keyDirectory ?? Store.defaultKeyDirectory(dataDirectory: storage.dataDirectory),
                clock: clock, random: random, logger: logger)
            return Helpdesk(store: store, settings: settings)
        }
        if let url = storage.databaseURL {
            let store = try await Store.open(
                databaseURL: url,
                keyDirectory: storage.keyDirectory ?? Store.defaultKeyDirectory(dataDirectory: storage.dataDirectory),
                maximumConnections: storage.databaseConnections, clock: clock, random: random, logger: logger)
            return Helpdesk(store: store, settings: settings)
        }
        let store = try await Store.open(
            dataDirectory: storage.dataDirectory,
            keyDirectory: storage.keyDirectory,
            durability: storage.durability,
            groupCommitLimit: storage.groupCommitLimit,
            clock: clock,
            random: random,
            logger: logger
        )
        return Helpdesk(store: store, settings: settings)
    }

    /// Opens Haven as `haven serve` is configured (on `database` when the caller opened it: see `Storage.database`).
    public static func open(
        _ configuration: ServerConfiguration,
        database: HavenDatabase? = nil,
        clock: any HavenClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        logger: Logger
    ) async throws -> Helpdesk {
        var storage = Storage(
            dataDirectory: configuration.dataDirectory, keyDirectory: configuration.keyDirectory,
            durability: configuration.durability, groupCommitLimit: configuration.groupCommitLimit,
            databaseURL: configuration.databaseURL, databaseConnections: configuration.databaseConnections)
        storage.database = database
        return try await self.open(storage, settings: configuration.helpdesk, clock: clock, random: random, logger: logger)
    }
}
