import HavenCore
import NIOCore
import SQLKit
import SQLiteNIO
import Synchronization

/// Runs statements on one SQL session (a reader connection, or the writer inside a transaction).
public struct SQLExecutor: Sendable {
    let database: any SQLDatabase
    /// When set, statements run on SQLite directly: binds go in as `SQLiteData` and rows come back without SQLKit's
    /// Codable decoding, several times faster on wide rows. SQLKit stays the portable path for other databases.
    let sqlite: SQLiteConnection?
    /// True on the writer connection (inside a write transaction or migrations): reads there see uncommitted state.
    public let isWriter: Bool
    /// Set inside `HavenDatabase.write`: what the transaction created so far and what to do once it commits.
    public let transaction: TransactionScope?

    init(database: any SQLDatabase, sqlite: SQLiteConnection? = nil, isWriter: Bool) {
        self.database = database
        self.sqlite = sqlite
        self.isWriter = isWriter
        self.transaction = nil
    }

    init(sqlite: SQLiteConnection, isWriter: Bool, transaction: TransactionScope? = nil) {
        self.database = sqlite.sql()
        self.sqlite = sqlite
        self.isWriter = isWriter
        self.transaction = transaction
    }

    public func all(_ statement: SQL) async throws -> [Row] {
        let collected = Mutex<[Row]>([])
        try await self.run(statement) { row in collected.withLock { $0.append(row) } }
        return collected.withLock { $0 }
    }

    public func first(_ statement: SQL) async throws -> Row? {
        try await self.all(statement).first
    }

    public func execute(_ statement: SQL) async throws {
        try await self.run(statement) { _ in }
    }

    /// A single integer result, e.g. `SELECT count(*) …`.
    public func scalar(_ statement: SQL) async throws -> Int64 {
        guard let row = try await self.first(statement) else {
            throw HavenError.internalFailure("scalar query returned no row")
        }
        return try row.firstInt()
    }

    private func run(_ statement: SQL, _ onRow: @escaping @Sendable (Row) -> Void) async throws {
        do {
            if let sqlite = self.sqlite {
                let (text, binds) = statement.sqliteForm
                try await sqlite.query(text, binds.map(\.sqliteData)) { onRow(Row(sqlite: $0)) }
                return
            }
            try await self.database.execute(sql: statement) { onRow(Row(raw: $0)) }
        } catch let error as HavenError {
            throw error
        } catch {
            // Driver errors can quote the statement; only their kind is passed on, so no value reaches a log.
            throw StoreError.from(error)
        }
    }
}

/// Failures of the storage layer that callers may handle (a unique index rejecting a row) or report.
public enum StoreError: Error, Sendable, LogSafeError {
    case constraintViolation(String)
    case database(String)

    static func from(_ error: any Error) -> StoreError {
        let text = String(describing: error)
        if text.contains("UNIQUE constraint failed") || text.contains("constraint") {
            let index = text.range(of: "failed: ").map { String(text[$0.upperBound...]) } ?? "constraint"
            return .constraintViolation(index)
        }
        return .database(String(text.prefix(200)))
    }

    /// The driver's message names constraints, tables and columns; statements are bound, so no value appears in it.
    public var logDescription: String {
        switch self {
        case .constraintViolation(let index): return "constraint violation: \(index)"
        case .database(let message): return "database: \(message)"
        }
    }
}

extension DBValue {
    var sqliteData: SQLiteData {
        switch self {
        case .null: return .null
        case .int(let value): return .integer(Int(value))
        case .text(let value): return .text(value)
        case .real(let value): return .float(value)
        case .blob(let value): return .blob(ByteBuffer(bytes: value))
        }
    }
}
