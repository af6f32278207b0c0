public import HavenCore

/// Runs statements on one SQL session: a reader connection, or the writer inside a transaction. The methods are
/// `async` so repositories read the same on every engine; on SQLite they never suspend — the statement runs
/// synchronously on the connection's own thread, where `HavenDatabase` already placed the calling task.
public struct SQLExecutor: Sendable {
    let connection: SQLiteConnection
    /// The thread the connection belongs to; statements run on it unless a caller's code hopped away.
    let thread: DatabaseThread
    /// True on the writer connection (inside a write transaction or migrations): reads there see uncommitted state.
    public let isWriter: Bool
    /// Set inside `HavenDatabase.write`: what the transaction created so far and what to do once it commits.
    public let transaction: TransactionScope?
    /// Counts statements run off the connection's thread (a hop the engine is built to avoid; tests assert zero).
    let hops: HopCounter?

    init(
        connection: SQLiteConnection,
        thread: DatabaseThread,
        isWriter: Bool,
        transaction: TransactionScope? = nil,
        hops: HopCounter? = nil
    ) {
        self.connection = connection
        self.thread = thread
        self.isWriter = isWriter
        self.transaction = transaction
        self.hops = hops
    }

    public func all(_ statement: SQL) async throws -> [Row] {
        if let hops = self.hops, !self.thread.isCurrent { hops.count() }
        return try self.connection.query(statement)
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

/// Failures of the storage layer that callers may handle (a unique index rejecting a row) or report.
public enum StoreError: Error, Sendable, LogSafeError {
    case constraintViolation(String)
    case database(String)

    /// SQLite's message names constraints, tables and columns; statements are bound, so no value appears in it.
    public var logDescription: String {
        switch self {
        case .constraintViolation(let index): return "constraint violation: \(index)"
        case .database(let message): return "database: \(message)"
        }
    }
}
