public import HavenCore

/// Runs statements on one SQL session: a reader connection, or the writer inside a transaction, of either engine.
/// The methods are `async` so repositories read the same on every engine; on SQLite they never suspend — the
/// statement runs synchronously on the connection's own thread, where `HavenDatabase` already placed the calling
/// task — and on PostgreSQL they wait for the server's answer.
public struct SQLExecutor: Sendable {
    enum Session: Sendable {
        /// The connection and the thread it belongs to (statements run on it unless a caller's code hopped away),
        /// with the counter of statements that ran off it (a hop the engine is built to avoid; tests assert zero).
        case sqlite(SQLiteConnection, thread: DatabaseThread, hops: HopCounter?)
        case postgres(PostgresSession)
    }

    let session: Session
    /// True on the writer connection (inside a write transaction or migrations): reads there see uncommitted state.
    public let isWriter: Bool
    /// Set inside `HavenDatabase.write`: what the transaction created so far and what to do once it commits.
    public let transaction: TransactionScope?

    init(
        connection: SQLiteConnection,
        thread: DatabaseThread,
        isWriter: Bool,
        transaction: TransactionScope? = nil,
        hops: HopCounter? = nil
    ) {
        self.session = .sqlite(connection, thread: thread, hops: hops)
        self.isWriter = isWriter
        self.transaction = transaction
    }

    init(postgres session: PostgresSession, isWriter: Bool, transaction: TransactionScope? = nil) {
        self.session = .postgres(session)
        self.isWriter = isWriter
        self.transaction = transaction
    }

    /// Which engine runs the statements: the few places where the SQL differs ask this.
    public var dialect: SQLDialect {
        switch self.session {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    public func all(_ statement: SQL) async throws -> [Row] {
        switch self.session {
        case .sqlite(let connection, let thread, let hops):
            if let hops, !thread.isCurrent { hops.count() }
            return try connection.query(statement)
        case .postgres(let session):
            return try await session.query(statement)
        }
    }

    public func first(_ statement: SQL) async throws -> Row? {
        try await self.all(statement).first
    }

    public func execute(_ statement: SQL) async throws {
        _ = try await self.all(statement)
    }

    /// A single integer result, e.g. `SELECT count(*) …`.
    public func scalar(_ statement: SQL) async throws -> Int64 {
        guard let row = try await self.first(statement) else {
            throw HavenError.internalFailure("scalar query returned no row")
        }
        return try row.firstInt()
    }
}

/// The SQL dialects Haven speaks. Repositories write one statement for both wherever the engines agree (nearly
/// everywhere) and branch on this where they do not (JSON arrays, word search, case-insensitive names).
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// Failures of the storage layer that callers may handle (a unique index rejecting a row) or report.
public enum StoreError: Error, Sendable, LogSafeError {
    case constraintViolation(String)
    case database(String)

    /// The engines' messages name constraints, tables and columns; statements are bound, so no value appears in them.
    public var logDescription: String {
        switch self {
        case .constraintViolation(let index): return "constraint violation: \(index)"
        case .database(let message): return "database: \(message)"
        }
    }
}
