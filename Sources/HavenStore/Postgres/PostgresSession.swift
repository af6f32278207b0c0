import HavenCore
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// One PostgreSQL connection for the length of one transaction (or of migrations): runs Haven's statements with
/// numbered placeholders and typed binds, turns the answers into `Row`s, and keeps the transaction's tenant.
///
/// Row-level security (storage.md §5): every tenant table admits only the rows of `haven.tenant_id`. Before a
/// statement about a tenant runs (`SQL.tenant`, recorded when a repository interpolates its tenant), the session
/// makes that tenant the transaction's. A write sets it for the transaction (`set_config(…, true)`) and in the same
/// round trip takes the tenant's transaction lock, so one tenant's writes are serialized as they are on SQLite (its
/// audit chain, display numbers and "read, then change" steps need that), while different tenants write in
/// parallel — across every Haven node on the database. A read sets it for the connection's session, and skips the
/// round trip when the connection already serves that tenant (`ConnectionTenants`).
final class PostgresSession: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let isWriter: Bool
    /// Nil on exclusive sessions (migrations, the copy): their statements run once and are never prepared.
    let prepared: PreparedStatementCatalog?
    let tenants: ConnectionTenants
    /// The tenant this transaction's statements run as (nil until one names a tenant).
    private let tenant = Mutex<TenantID?>(nil)
    /// What this transaction set the session's tenant to (`.some(nil)`: cleared), recorded once it commits.
    private let sessionTenant = Mutex<TenantID??>(nil)
    private let failure = Mutex(false)
    /// Whether entering a tenant takes its transaction lock: every write's session does, but for writes whose every
    /// statement is idempotent and order-free (`withoutTenantLock`).
    let locksTenant: Bool

    /// Set around a write that needs no tenant lock: the term indexer's token rows (`ON CONFLICT DO NOTHING`) and
    /// its watermark (which only moves forward) may be written by two indexers at once, and taking the lock made
    /// every indexing pass stop the tenant's ticket creates for its length.
    @TaskLocal static var withoutTenantLock = false
    /// Set once this transaction took a tenant's lock: it then commits without waiting for the write-ahead log to
    /// reach the disk, and the engine waits for that after the commit (`awaitDurability`).
    private let committingAsynchronously = Mutex(false)

    init(
        connection: PostgresConnection, logger: Logger, isWriter: Bool, tenants: ConnectionTenants,
        prepared: PreparedStatementCatalog? = nil
    ) {
        self.connection = connection
        self.logger = logger
        self.isWriter = isWriter
        self.tenants = tenants
        self.prepared = prepared
        self.locksTenant = isWriter && !Self.withoutTenantLock
    }

    /// After COMMIT: the session's tenant as this transaction left it is now known.
    func committed() {
        if let setting = self.sessionTenant.withLock({ $0 }) { self.tenants.record(setting, for: self.connection.id) }
    }

    /// After an asynchronous COMMIT (see `enter`): returns once the commit is on disk, so a change is acknowledged
    /// only when it would survive a crash of the database server, as with a synchronous commit. A transactional
    /// logical-decoding message (empty, prefix `haven-durable`) gives the statement its own transaction id and a
    /// log record, so its commit is synchronous and flushes the log up to itself — this transaction's commit
    /// included, which lies before it in the log. (A transaction that wrote no log record commits without a flush.)
    func awaitDurability() async throws {
        guard self.committingAsynchronously.withLock({ $0 }) else { return }
        _ = try await self.run("SELECT pg_logical_emit_message(true, 'haven-durable', '')", [], readingRows: false)
    }

    /// True once any statement failed: PostgreSQL aborts the transaction it ran in.
    var failed: Bool { self.failure.withLock { $0 } }

    func query(_ statement: SQL) async throws -> [Row] {
        if let tenant = statement.tenant {
            try await self.enter(tenant)
        } else if self.tenant.withLock({ $0 }) == nil {
            try await self.clearSessionTenant()
        }
        // A statement that names its tenant stays behind the wall even when marked as a path (an operator's command
        // given a tenant, say): the path is for statements about no tenant in particular.
        guard let path = statement.path, statement.tenant == nil else {
            return try await self.run(statement)
        }
        // The path is open for this one statement only.
        _ = try await self.run("SELECT set_config('haven.path', $1, true)", [.text(path.rawValue)])
        let rows = try await self.run(statement)
        _ = try await self.run("SELECT set_config('haven.path', '', true)", [])
        return rows
    }

    /// Makes `tenant` the transaction's tenant (and, when writing, takes its lock) unless it already is.
    func enter(_ tenant: TenantID) async throws {
        let previous = self.tenant.withLock { current in
            defer { current = tenant }
            return current
        }
        guard previous != tenant else { return }
        if !self.isWriter, self.tenants.setting(of: self.connection.id) == .some(tenant) { return }
        do {
            if self.locksTenant {
                // The lock is released when the transaction commits. Committed synchronously, the commit would hold it
                // through the log's flush to disk, and the tenant's next change would wait for that flush too;
                // asynchronously, the flush is awaited after the lock is gone (`awaitDurability`), and the flushes of
                // several changes are one.
                _ = try await self.run(
                    """
                    SELECT set_config('haven.tenant_id', $1, true), set_config('synchronous_commit', 'off', true),
                        pg_advisory_xact_lock(\(Self.tenantLockSpace), ($2 % 2147483647)::integer)
                    """,
                    [.text(String(tenant.rawValue)), .int(tenant.rawValue)], readingRows: false)
                self.committingAsynchronously.withLock { $0 = true }
            } else if self.isWriter {
                _ = try await self.run(
                    "SELECT set_config('haven.tenant_id', $1, true)", [.text(String(tenant.rawValue))], readingRows: false)
            } else {
                try await self.setSessionTenant(tenant)
            }
        } catch {
            self.tenant.withLock { $0 = previous }
            throw error
        }
    }

    /// Before a statement that names no tenant, in a transaction that has named none: the session must not still
    /// serve the tenant a previous transaction left on the connection (the statement would see that tenant's rows
    /// where it should see none, or fail).
    private func clearSessionTenant() async throws {
        guard self.sessionTenant.withLock({ $0 }) != .some(nil), self.tenants.setting(of: self.connection.id) != .some(nil)
        else { return }
        try await self.setSessionTenant(nil)
    }

    private func setSessionTenant(_ tenant: TenantID?) async throws {
        // Unknown until the transaction commits: a rollback puts back whatever the session had.
        self.tenants.forget(self.connection.id)
        _ = try await self.run(
            "SELECT set_config('haven.tenant_id', $1, false)", [.text(tenant.map { String($0.rawValue) } ?? "")], readingRows: false)
        self.sessionTenant.withLock { $0 = .some(tenant) }
    }

    /// The first key of the two-key advisory lock on a tenant (ASCII "HT"): keeps Haven's locks apart from any
    /// other user of advisory locks in the same database. The second key is the tenant id folded into 31 bits (two
    /// tenants sharing a key would only wait for each other, never see each other).
    static let tenantLockSpace: Int32 = 0x4854

    /// Runs one of Haven's statements (its `?` text is the catalog's key: no renumbering on each call).
    private func run(_ statement: SQL) async throws -> [Row] {
        try await self.run(key: statement.sqliteForm.text, statement.binds, numbered: statement.numberedText())
    }

    /// Runs text that already has numbered placeholders.
    func run(_ text: String, _ values: [DBValue], readingRows: Bool = true) async throws -> [Row] {
        try await self.run(key: text, values, readingRows: readingRows, numbered: text)
    }

    private func run(
        key: String, _ values: [DBValue], readingRows: Bool = true, numbered: @autoclosure () -> String
    ) async throws -> [Row] {
        let statement = self.prepared?.statement(for: key, binds: values, numbered: numbered)
        let text = statement?.text ?? numbered()
        do {
            guard let statement else {
                return try await self.rows(values, readingRows: readingRows) { binds in
                    try await self.connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: self.logger)
                }
            }
            return try await NamedStatement.$current.withValue(statement) {
                try await self.rows(values, readingRows: readingRows) { binds in
                    try await self.connection.execute(NamedStatement(bindings: binds), logger: self.logger)
                }
            }
        } catch let error as PSQLError {
            self.failure.withLock { $0 = true }
            // Failures that stay with a prepared statement's name on this connection (see `retire`).
            if let statement, let state = error.serverInfo?[.sqlState], ["0A", "25", "26", "42"].contains(state.prefix(2)) {
                self.prepared?.retire(statement, text: key, binds: values)
            }
            throw Self.storeError(error, statement: text)
        }
    }

    /// Binds `values`, runs `execute` and reads its rows into Haven's shapes.
    private func rows<Rows: AsyncSequence>(
        _ values: [DBValue], readingRows: Bool, _ execute: (PostgresBindings) async throws -> Rows
    ) async throws -> [Row] where Rows.Element == PostgresRow {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: binds.appendNull()
            case .int(let number): binds.append(number)
            case .text(let text): binds.append(text)
            case .real(let number): binds.append(number)
            case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
            }
        }
        let sequence = try await execute(binds)
        var columns: ColumnIndex?
        var rows: [Row] = []
        for try await row in sequence where readingRows {
            // Cells are read one at a time, not gathered first: a list of 100 tickets is thousands of them.
            let index = columns ?? ColumnIndex(names: row.map(\.columnName))
            columns = index
            var values: [DBValue] = []
            values.reserveCapacity(index.count)
            for cell in row { values.append(try Self.value(cell)) }
            rows.append(Row(columns: index, values: values))
        }
        return rows
    }

    /// The engines' shared value shapes: integers (and booleans) as `.int`, text, bytes, doubles.
    static func value(_ cell: PostgresCell) throws -> DBValue {
        guard var bytes = cell.bytes else { return .null }
        // The shapes nearly every cell has, read straight from the binary form (what postgres-nio asks for).
        if cell.format == .binary {
            switch cell.dataType {
            case .int8 where bytes.readableBytes == 8: return .int(bytes.readInteger(as: Int64.self)!)
            case .text, .varchar: return .text(bytes.readString(length: bytes.readableBytes)!)
            case .bytea: return .blob(Array(buffer: bytes))
            default: break
            }
        }
        switch cell.dataType {
        case .int8: return .int(try cell.decode(Int64.self))
        case .int4: return .int(Int64(try cell.decode(Int32.self)))
        case .int2: return .int(Int64(try cell.decode(Int16.self)))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
        case .float8: return .real(try cell.decode(Double.self))
        case .float4: return .real(Double(try cell.decode(Float.self)))
        case .numeric:
            // sum() and avg() of integers answer numeric: whole numbers come back as integers, as on SQLite.
            guard var buffer = cell.bytes, cell.format == .binary, let number = PostgresNumeric.read(&buffer) else {
                throw HavenError.internalFailure("column \(cell.columnName) holds a numeric Haven cannot read")
            }
            return number
        case .text, .varchar, .bpchar, .name: return .text(try cell.decode(String.self))
        default:
            // Haven's schema has no other types it reads; one here is a query selecting a column it should not.
            throw HavenError.internalFailure("column \(cell.columnName) has a type Haven does not read (\(cell.dataType))")
        }
    }

    /// PostgreSQL's error classes as Haven's: integrity violations (class 23) are constraint violations callers
    /// handle; the rest are database failures, named by their SQLSTATE and message (values are always bound, so no
    /// value appears in either).
    static func storeError(_ error: PSQLError, statement: String) -> StoreError {
        guard let info = error.serverInfo, let state = info[.sqlState] else {
            return .database("PostgreSQL: \(error.code)")
        }
        let message = String((info[.message] ?? "").prefix(200))
        if state.hasPrefix("23") {
            return .constraintViolation(info[.constraintName] ?? message)
        }
        // The statement's text (never a value: those are binds) says which of Haven's statements failed. A data
        // exception's message (class 22) can quote the value it could not take: it is left out of what is logged.
        let excerpt = statement.split(whereSeparator: \.isWhitespace).prefix(12).joined(separator: " ")
        guard !state.hasPrefix("22") else { return .database("PostgreSQL \(state) (a value was refused) [\(excerpt)]") }
        return .database("PostgreSQL \(state): \(message) [\(excerpt)]")
    }
}
