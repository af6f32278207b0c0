import HavenCore
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// The embedded SQLite database: one writer connection behind a FIFO lock (SQLite has one writer at a time) and a
/// few reader connections that, in WAL mode, read the last committed state without blocking the writer.
public final class HavenDatabase: Sendable {
    public enum Durability: String, Sendable, CaseIterable {
        /// With WAL, every acknowledged commit survives a process crash (kill -9); the last commits may be lost on
        /// power failure. The default: the same trade-off most embedded deployments make.
        case normal
        /// Also survives power loss, at the cost of an fsync per commit.
        case full
    }

    public let path: String
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let writeLock = AsyncSerialLock()
    private let nextReader = Atomic<Int>(0)
    let attachedSchemas: [String]

    private init(path: String, writer: SQLiteConnection, readers: [SQLiteConnection], attachedSchemas: [String]) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.attachedSchemas = attachedSchemas
    }

    /// Opens (creating if needed) the database file and applies the connection settings. Migrations are separate.
    public static func open(
        path: String,
        durability: Durability = .normal,
        readerCount: Int = 4,
        attach: [(schema: String, path: String)] = [],
        logger: Logger
    ) async throws -> HavenDatabase {
        let threadPool = NIOThreadPool.singleton
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        var connectionLogger = logger
        connectionLogger.logLevel = .warning
        let writer = try await SQLiteConnection.open(
            storage: .file(path: path),
            threadPool: threadPool,
            logger: connectionLogger,
            on: eventLoop
        )
        let writerSQL = SQLExecutor(sqlite: writer, isWriter: true)
        try await writerSQL.execute("PRAGMA journal_mode = WAL")
        try await writerSQL.execute(SQL(raw: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")"))
        try await writerSQL.execute("PRAGMA foreign_keys = ON")
        try await writerSQL.execute("PRAGMA busy_timeout = 5000")
        // The keystore (in the key directory) and the blind-index file ride on every connection, so a change and its
        // keys or index tokens are written by the one writer inside the same transaction.
        for (schema, file) in attach {
            try await writerSQL.execute(SQL(raw: "ATTACH DATABASE ") + .bind(.text(file)) + SQL(raw: " AS \(schema)"))
            try await writerSQL.execute(SQL(raw: "PRAGMA \(schema).journal_mode = WAL"))
            try await writerSQL.execute(SQL(raw: "PRAGMA \(schema).synchronous = \(durability == .full ? "FULL" : "NORMAL")"))
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(1, readerCount) {
            let reader = try await SQLiteConnection.open(
                storage: .file(path: path),
                threadPool: threadPool,
                logger: connectionLogger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            )
            let readerSQL = SQLExecutor(sqlite: reader, isWriter: false)
            try await readerSQL.execute("PRAGMA foreign_keys = ON")
            try await readerSQL.execute("PRAGMA busy_timeout = 5000")
            for (schema, file) in attach {
                try await readerSQL.execute(SQL(raw: "ATTACH DATABASE ") + .bind(.text(file)) + SQL(raw: " AS \(schema)"))
            }
            try await readerSQL.execute("PRAGMA query_only = ON")
            readers.append(reader)
        }
        return HavenDatabase(path: path, writer: writer, readers: readers, attachedSchemas: attach.map(\.schema))
    }

    /// Runs read-only work on a reader connection.
    public func read<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        let index = self.nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        let reader = self.readers[index % self.readers.count]
        return try await body(SQLExecutor(sqlite: reader, isWriter: false))
    }

    /// Runs `body` in one write transaction: it commits when `body` returns and rolls back when it throws, so a
    /// failed request leaves nothing behind. Writers are serialized in arrival order.
    public func write<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        try await self.writeLock.withLock {
            let scope = TransactionScope()
            let executor = SQLExecutor(sqlite: self.writer, isWriter: true, transaction: scope)
            try await executor.execute("BEGIN IMMEDIATE")
            do {
                let result = try await body(executor)
                try await executor.execute("COMMIT")
                scope.committed()
                return result
            } catch {
                try? await executor.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs schema work (migrations) with the writer outside an explicit transaction.
    public func withWriterConnection<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        try await self.writeLock.withLock {
            try await body(SQLExecutor(sqlite: self.writer, isWriter: true))
        }
    }

    /// Folds the WAL into the main file and closes every connection.
    public func close() async {
        let writer = SQLExecutor(sqlite: self.writer, isWriter: true)
        _ = try? await writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for schema in self.attachedSchemas {
            _ = try? await writer.execute(SQL(raw: "PRAGMA \(schema).wal_checkpoint(TRUNCATE)"))
        }
        for reader in self.readers {
            try? await reader.close()
        }
        try? await self.writer.close()
    }
}
