import HavenCore
public import Logging
import Synchronization

/// Haven's database: the embedded SQLite engine (the default) or PostgreSQL (`open(url:)`, storage.md §5), with the
/// same promises on both — reads see one snapshot, a write commits when its body returns and leaves nothing when
/// it throws, and what a transaction registers `afterCommit` runs only once it committed.
///
/// SQLite (storage.md §2): the system libsqlite3, one writer connection on a thread of its
/// own, a few reader connections each on its own thread, and a cache of prepared statements per connection.
///
/// A write transaction runs on the writer's thread from `BEGIN IMMEDIATE` to `COMMIT`: the calling task is moved
/// there once (`withTaskExecutorPreference`), and every statement inside is a synchronous call that never suspends.
/// Writers queue in arrival order (SQLite has one writer at a time). Readers, in WAL mode, read the last committed
/// state without blocking the writer; each read runs in one read transaction, so its statements see one snapshot.
public final class HavenDatabase: Sendable {
    public enum Durability: String, Sendable, CaseIterable {
        /// With WAL, every acknowledged commit survives a process crash (kill -9): the commit is in the WAL file
        /// (in the operating system's cache) before it is acknowledged; the last commits may be lost on power
        /// failure. The default: the same trade-off most embedded deployments make.
        case normal
        /// Also survives power loss, at the cost of an fsync per commit.
        case full
    }

    /// The SQLite file, or the PostgreSQL URL without its password.
    public let path: String
    /// The changes this node's caches must hear about (`ChangeNotice`).
    public let changes = ChangeFeed()
    /// Reads and writes under way (a read nested in another, which reuses its connection, counts too): the pool's
    /// use as the operators' metrics show it.
    private let running = Atomic<Int>(0)
    public var transactionsRunning: Int { self.running.load(ordering: .relaxed) }
    /// How many connections the engine may hold at once (PostgreSQL's pool; SQLite's writer and readers).
    public let connectionLimit: Int
    private let engine: Engine
    let attachedSchemas: [String]

    private enum Engine: Sendable {
        case sqlite(writer: GroupCommitWriter, readers: ReaderPool, hops: HopCounter)
        case postgres(PostgresEngine)
    }

    /// Which SQL the database speaks.
    public var dialect: SQLDialect {
        switch self.engine {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// The PostgreSQL engine, when that is what runs.
    var postgres: PostgresEngine? {
        if case .postgres(let engine) = self.engine { return engine }
        return nil
    }

    /// The reader a task already holds: a read nested in a read reuses it instead of borrowing a second one (which
    /// could wait forever once every reader is held by an outer read).
    @TaskLocal private static var heldReader: SQLExecutor?

    private init(path: String, engine: Engine, attachedSchemas: [String], connectionLimit: Int) {
        self.path = path
        self.engine = engine
        self.attachedSchemas = attachedSchemas
        self.connectionLimit = connectionLimit
    }

    /// Connects to PostgreSQL. Migrations and the role checks are separate (`Store.open`).
    public static func open(url: DatabaseURL, maximumConnections: Int = 20, logger: Logger) async -> HavenDatabase {
        HavenDatabase(
            path: url.redacted,
            engine: .postgres(await PostgresEngine.start(url: url, maximumConnections: maximumConnections, logger: logger)),
            attachedSchemas: [], connectionLimit: maximumConnections)
    }

    /// PostgreSQL with a pool that a service group runs: nothing connects until `poolService` runs (`haven serve`
    /// makes it its group's first service, so the pool starts before and stops after everything that uses it).
    public static func openAwaitingPool(url: DatabaseURL, maximumConnections: Int = 20, logger: Logger) -> HavenDatabase {
        HavenDatabase(
            path: url.redacted,
            engine: .postgres(PostgresEngine.awaitingItsPool(url: url, maximumConnections: maximumConnections, logger: logger)),
            attachedSchemas: [], connectionLimit: maximumConnections)
    }

    /// The PostgreSQL pool as a service (nil on SQLite, which has no pool to run).
    public var poolService: DatabasePoolService? {
        self.postgres.map(DatabasePoolService.init)
    }

    /// Returns once the PostgreSQL pool runs (at once on SQLite). One caller at a time.
    public func untilPoolRuns() async {
        await self.postgres?.untilPoolRuns()
    }

    /// Opens (creating if needed) the database file and applies the connection settings. Migrations are separate.
    public static func open(
        path: String,
        durability: Durability = .normal,
        readerCount: Int = 3,
        groupCommitLimit: Int = HavenDatabase.defaultGroupCommitLimit,
        attach: [(schema: String, path: String)] = [],
        logger: Logger
    ) async throws -> HavenDatabase {
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        let writer = try SQLiteConnection.open(path: path)
        var opened = [writer]
        do {
            _ = try writer.query("PRAGMA journal_mode = WAL")
            _ = try writer.query(SQL(raw: "PRAGMA synchronous = \(synchronous)"))
            _ = try writer.query("PRAGMA foreign_keys = ON")
            try Self.tune(writer, cacheKiB: 32_768)
            // The keystore (in the key directory) and the blind-index file ride on every connection, so a change and
            // its keys or index tokens are written by the one writer inside the same transaction.
            for (schema, file) in attach {
                _ = try writer.query(SQL(raw: "ATTACH DATABASE ") + .bind(.text(file)) + SQL(raw: " AS \(schema)"))
                _ = try writer.query(SQL(raw: "PRAGMA \(schema).journal_mode = WAL"))
                _ = try writer.query(SQL(raw: "PRAGMA \(schema).synchronous = \(synchronous)"))
            }
            var readers: [ReaderPool.Reader] = []
            for number in 0..<max(1, readerCount) {
                let reader = try SQLiteConnection.open(path: path)
                opened.append(reader)
                _ = try reader.query("PRAGMA foreign_keys = ON")
                try Self.tune(reader, cacheKiB: 16_384)
                for (schema, file) in attach {
                    _ = try reader.query(SQL(raw: "ATTACH DATABASE ") + .bind(.text(file)) + SQL(raw: " AS \(schema)"))
                }
                _ = try reader.query("PRAGMA query_only = ON")
                readers.append(ReaderPool.Reader(connection: reader, thread: DatabaseThread(name: "haven-reader-\(number)")))
            }
            let hops = HopCounter()
            return HavenDatabase(
                path: path,
                engine: .sqlite(
                    writer: GroupCommitWriter(
                        connection: writer, thread: DatabaseThread(name: "haven-db-writer"), hops: hops, limit: groupCommitLimit),
                    readers: ReaderPool(readers),
                    hops: hops),
                attachedSchemas: attach.map(\.schema), connectionLimit: 1 + readers.count
            )
        } catch {
            for connection in opened { connection.close() }
            throw error
        }
    }

    /// How many transactions may share one commit. Measured with `scripts/bench.sh` (docs/storage-engine.md).
    public static let defaultGroupCommitLimit = 64

    /// Settings every connection gets. Temporary files (statement journals under savepoints and triggers, sorts)
    /// stay in memory: on disk each was an open, write and unlink per statement, most of the writer's system time.
    /// A larger page cache keeps the hot pages of a busy tenant out of `pread`.
    private static func tune(_ connection: SQLiteConnection, cacheKiB: Int) throws {
        _ = try connection.query("PRAGMA temp_store = MEMORY")
        _ = try connection.query(SQL(raw: "PRAGMA cache_size = -\(cacheKiB)"))
    }

    /// Runs read-only work on a reader connection, in one read transaction (one snapshot for all its statements).
    public func read<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        self.running.add(1, ordering: .relaxed)
        defer { self.running.subtract(1, ordering: .relaxed) }
        let (readers, hops): (ReaderPool, HopCounter)
        switch self.engine {
        case .postgres(let engine): return try await engine.read(body)
        case .sqlite(_, let pool, let counter): (readers, hops) = (pool, counter)
        }
        if let held = Self.heldReader { return try await body(held) }
        let reader = await readers.borrow()
        defer { readers.giveBack(reader) }
        return try await withTaskExecutorPreference(reader.thread) {
            let executor = SQLExecutor(connection: reader.connection, thread: reader.thread, isWriter: false, hops: hops)
            _ = try reader.connection.query("BEGIN")
            do {
                let result = try await Self.$heldReader.withValue(executor) { try await body(executor) }
                _ = try reader.connection.query("COMMIT")
                return result
            } catch {
                _ = try? reader.connection.query("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in one write transaction: it commits when `body` returns and rolls back when it throws, so a
    /// failed request leaves nothing behind. On SQLite writers are serialized in arrival order and committed in
    /// groups (`GroupCommitWriter`); `write` returns only once its change is committed.
    public func write<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        self.running.add(1, ordering: .relaxed)
        defer { self.running.subtract(1, ordering: .relaxed) }
        // What the transaction announced, taken when its body ends: by then every member of a SQLite batch has
        // announced all it will, and the notices are delivered only once the write returned, i.e. committed.
        let announced = Mutex<Set<ChangeNotice>>([])
        func recorded(_ sql: SQLExecutor) async throws -> T {
            let value = try await body(sql)
            if let notices = sql.transaction?.notices, !notices.isEmpty { announced.withLock { $0 = notices } }
            return value
        }
        let value: T
        switch self.engine {
        case .sqlite(let writer, _, _): value = try await writer.write(recorded)
        case .postgres(let engine): value = try await engine.write(recorded)
        }
        let notices = announced.withLock { $0 }
        if !notices.isEmpty { self.changes.deliver(notices) }
        return value
    }

    /// Runs schema work (migrations) with the writer outside an explicit transaction.
    public func withWriterConnection<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        switch self.engine {
        case .sqlite(let writer, _, _): return try await writer.exclusive(body)
        case .postgres(let engine): return try await engine.exclusive(body)
        }
    }

    /// Forgets every connection's prepared statements: after migrations, plans made for the old schema go.
    func clearStatementCaches() async throws {
        guard case .sqlite(let writer, let readers, _) = self.engine else { return }
        try await writer.exclusive { _ in writer.connection.clearStatementCache() }
        try await Self.withEveryReader(readers) { $0.connection.clearStatementCache() }
    }

    /// Runs `body` on each reader's thread, holding all readers at once so each is visited exactly once.
    private static func withEveryReader(_ readers: ReaderPool, _ body: (ReaderPool.Reader) -> Void) async throws {
        var held: [ReaderPool.Reader] = []
        for _ in readers.all { held.append(await readers.borrow()) }
        for reader in held {
            await withTaskExecutorPreference(reader.thread) { body(reader) }
        }
        for reader in held { readers.giveBack(reader) }
    }

    /// Write transactions committed, and the commits (groups) that carried them, since the database opened
    /// (SQLite's group commit; zero on PostgreSQL, where every transaction commits alone).
    public var writeStatistics: WriteCounts {
        guard case .sqlite(let writer, _, _) = self.engine else { return WriteCounts() }
        return writer.statistics
    }

    /// Statements that ran off their connection's thread since the database opened (zero by design).
    public var statementsOffThread: Int {
        guard case .sqlite(_, _, let hops) = self.engine else { return 0 }
        return hops.value
    }

    /// On PostgreSQL, delivers the other nodes' change notices to `changes` until the task is cancelled (what
    /// `haven serve`'s change follower runs); returns at once on SQLite, which one server owns.
    public func followChanges() async {
        guard let engine = self.postgres else { return }
        await engine.followChanges { self.changes.deliver(CollectionOfOne($0)) }
    }

    /// Closes every connection (on SQLite after folding the WAL into the main file). Nothing may use the database
    /// afterwards.
    public func close() async {
        switch self.engine {
        case .postgres(let engine):
            await engine.close()
        case .sqlite(let writer, let readers, _):
            _ = try? await writer.exclusive { _ in
                let connection = writer.connection
                _ = try? connection.query("PRAGMA wal_checkpoint(TRUNCATE)")
                for schema in self.attachedSchemas {
                    _ = try? connection.query(SQL(raw: "PRAGMA \(schema).wal_checkpoint(TRUNCATE)"))
                }
                connection.close()
            }
            writer.thread.stop()
            try? await Self.withEveryReader(readers) { $0.connection.close() }
            for reader in readers.all { reader.thread.stop() }
        }
    }
}
