import CSQLite
import Foundation
import HavenCore

/// One connection to the system SQLite with a cache of prepared statements: a statement is compiled once per
/// connection (`sqlite3_prepare_v3` with `SQLITE_PREPARE_PERSISTENT`) and afterwards only reset and rebound, which
/// took statement preparation (≈ 19% of all CPU under the create load) off the hot path.
///
/// `@unchecked Sendable`, invariant: a connection is used by one holder at a time — `HavenDatabase` hands the writer
/// out under its lock and each reader to one borrower — so the handle and the cache are never touched concurrently.
/// That is also why the connection is opened `SQLITE_OPEN_NOMUTEX`: SQLite's own per-call mutex would be redundant.
final class SQLiteConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: PreparedStatement] = [:]
    private var uses: UInt64 = 0
    /// Enough for every statement Haven's code writes; dynamic search statements beyond it evict the least used.
    static let cacheLimit = 400

    private final class PreparedStatement {
        let handle: OpaquePointer
        var columns: ColumnIndex?
        var lastUse: UInt64 = 0

        init(handle: OpaquePointer) {
            self.handle = handle
        }
    }

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    /// Opens (creating if needed) the database file.
    static func open(path: String) throws -> SQLiteConnection {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw StoreError.database("cannot open the database file (\(message))")
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 5000)
        return SQLiteConnection(handle: handle)
    }

    /// Runs one statement with its binds and returns every result row.
    func query(_ statement: SQL) throws -> [Row] {
        let (text, binds) = statement.sqliteForm
        let prepared = try self.prepared(text)
        let handle = prepared.handle
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (offset, value) in binds.enumerated() {
            try self.check(Self.bind(value, at: Int32(offset + 1), on: handle))
        }
        var rows: [Row] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw self.error(code) }
            let columns = self.columns(of: prepared)
            var values: [DBValue] = []
            values.reserveCapacity(columns.count)
            for index in 0..<Int32(columns.count) {
                values.append(Self.value(at: index, of: handle))
            }
            rows.append(Row(columns: columns, values: values))
        }
    }

    /// False in autocommit mode: no transaction is open (or the engine rolled it back after an error).
    var inTransaction: Bool {
        sqlite3_get_autocommit(self.handle) == 0
    }

    /// Forgets every prepared statement (after migrations changed the schema the cached plans were made for).
    func clearStatementCache() {
        for prepared in self.statements.values {
            sqlite3_finalize(prepared.handle)
        }
        self.statements = [:]
    }

    func close() {
        self.clearStatementCache()
        sqlite3_close_v2(self.handle)
    }

    // MARK: Preparing

    private func prepared(_ text: String) throws -> PreparedStatement {
        self.uses &+= 1
        if let cached = self.statements[text] {
            cached.lastUse = self.uses
            return cached
        }
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = text.withCString { pointer in
            sqlite3_prepare_v3(self.handle, pointer, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
        }
        guard code == SQLITE_OK else { throw self.error(code) }
        guard let statement else { throw StoreError.database("empty statement") }
        // SQLite compiles one statement per call; a second one in the text would silently never run.
        if let tail, tail.pointee != 0, !String(cString: tail).allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            sqlite3_finalize(statement)
            throw StoreError.database("more than one statement in one SQL value")
        }
        if self.statements.count >= Self.cacheLimit { self.evictLeastUsed() }
        let prepared = PreparedStatement(handle: statement)
        prepared.lastUse = self.uses
        self.statements[text] = prepared
        return prepared
    }

    /// Drops the least recently used quarter of the cache at once, so eviction stays rare under dynamic SQL.
    private func evictLeastUsed() {
        let victims = self.statements.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(Self.cacheLimit / 4)
        for (text, prepared) in victims {
            sqlite3_finalize(prepared.handle)
            self.statements[text] = nil
        }
    }

    /// Column names of a statement's result, computed once per prepared statement.
    private func columns(of prepared: PreparedStatement) -> ColumnIndex {
        let count = Int(sqlite3_column_count(prepared.handle))
        if let columns = prepared.columns, columns.count == count { return columns }
        var names: [String] = []
        for index in 0..<Int32(count) {
            names.append(sqlite3_column_name(prepared.handle, index).map { String(cString: $0) } ?? "")
        }
        let columns = ColumnIndex(names: names)
        prepared.columns = columns
        return columns
    }

    // MARK: Values

    private static func bind(_ value: DBValue, at index: Int32, on statement: OpaquePointer) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(statement, index)
        case .int(let number):
            return sqlite3_bind_int64(statement, index, number)
        case .real(let number):
            return sqlite3_bind_double(statement, index, number)
        case .text(var text):
            return text.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) { chars in
                    // An empty string has no storage to point at; SQLite takes any valid pointer with length 0.
                    guard let base = chars.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, nil) }
                    return haven_sqlite3_bind_text_copy(statement, index, base, Int32(chars.count))
                }
            }
        case .blob(let bytes):
            // Zero-length blobs stay blobs (an empty sealed list is stored as absent, not as NULL).
            guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(statement, index, 0) }
            return bytes.withUnsafeBytes { raw in
                haven_sqlite3_bind_blob_copy(statement, index, raw.baseAddress, Int32(raw.count))
            }
        }
    }

    private static func value(at index: Int32, of statement: OpaquePointer) -> DBValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .int(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    // MARK: Errors

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw self.error(code) }
    }

    /// SQLite's message names constraints, tables and columns; values are always bound, so none appears in it.
    private func error(_ code: Int32) -> StoreError {
        let message = String(cString: sqlite3_errmsg(self.handle))
        if code & 0xFF == SQLITE_CONSTRAINT {
            let constraint = message.range(of: "failed: ").map { String(message[$0.upperBound...]) } ?? message
            return .constraintViolation(constraint)
        }
        if code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED {
            return .database("database is busy (\(message))")
        }
        return .database(String(message.prefix(200)))
    }
}

/// The column names of a result, shared by every row of a statement, with a lookup by name that is cheap enough to
/// run for every column of every row (a page of 100 tickets asks 4,000 times): an open-addressing table keyed by
/// FNV-1a over the name's bytes, instead of `Dictionary`'s seeded SipHash.
final class ColumnIndex: Sendable {
    let names: [String]
    /// Slots of `positions` (a power of two, at most half full): a column's position plus one, 0 when empty.
    private let slots: [Int]

    init(names: [String]) {
        self.names = names
        var capacity = 8
        while capacity < names.count * 2 { capacity *= 2 }
        var slots = [Int](repeating: 0, count: capacity)
        // The first column of a name wins, as with SQLite's own lookups.
        for (offset, name) in names.enumerated() {
            var slot = Self.hash(name) & (capacity - 1)
            var duplicate = false
            while slots[slot] != 0 {
                if names[slots[slot] - 1] == name {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            if !duplicate { slots[slot] = offset + 1 }
        }
        self.slots = slots
    }

    var count: Int { self.names.count }

    func position(of name: String) -> Int? {
        let mask = self.slots.count - 1
        var slot = Self.hash(name) & mask
        while true {
            let entry = self.slots[slot]
            if entry == 0 { return nil }
            if self.names[entry - 1] == name { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    private static func hash(_ name: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash >> 1)
    }
}
