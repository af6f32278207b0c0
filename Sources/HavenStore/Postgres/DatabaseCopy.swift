import HavenCore
public import Logging

/// `haven db copy --to postgres://…`: moves a SQLite deployment into an empty, migrated PostgreSQL database — every
/// row of Haven's tables and of its keystore, as stored (sealed columns stay sealed: nothing is decrypted on the way,
/// and the epoch keys stay in the key directory both use). The blind-index file is not copied: it is derived data,
/// rebuilt on the target afterwards (`Reindexer`), as after a restore.
///
/// The whole copy is one PostgreSQL transaction: a copy that fails anywhere leaves the target as it was (and a retry
/// finds it empty). Rows go over in batches, each statement naming its tenant, so the target's tenant wall checks
/// every row on its way in. The target must hold nothing yet: a copy never merges into a live deployment.
public struct DatabaseCopy: Sendable {
    public struct Outcome: Sendable {
        public var tables = 0
        public var rows = 0
    }

    let source: Store
    let target: HavenDatabase
    let logger: Logger
    /// Rows read and written at a time (and at most ~60,000 values per statement, under PostgreSQL's 65,535 binds).
    static let batchRows = 1_000

    /// - Parameters: source: the SQLite deployment's store; target: the PostgreSQL database (`verifiedPostgres`).
    public init(source: Store, target: HavenDatabase, logger: Logger) {
        self.source = source
        self.target = target
        self.logger = logger
    }

    /// Tables the target's triggers fill from the rows copied (a ticket's tags from its `tags` column).
    static let derivedTables: Set<String> = ["public.ticket_tags"]

    /// A table as both sides have it: the columns to copy, the target's type of each, and the source's key to page by.
    struct Table: Sendable {
        let schema: String
        let name: String
        let columns: [String]
        let targetTypes: [String: String]
        let pageKey: [String]
        var qualified: String { self.schema == "public" ? self.name : "\(self.schema).\(self.name)" }
        var hasTenant: Bool { self.columns.contains("tenant_id") }
    }

    public func run(progress: @Sendable (String, Int) -> Void = { _, _ in }) async throws -> Outcome {
        guard self.source.database.dialect == .sqlite, self.target.dialect == .postgres else {
            throw HavenError.usage("haven db copy moves a SQLite deployment into PostgreSQL")
        }
        let tables = try await self.tables()
        return try await self.target.write { sql in
            try await self.refuseNonEmptyTarget(on: sql)
            var outcome = Outcome()
            for table in tables {
                let rows = try await self.copy(table, on: sql)
                outcome.tables += 1
                outcome.rows += rows
                progress(table.qualified, rows)
            }
            // PostgreSQL numbers ids with sequences; they go on from the counters the rows brought.
            try await IDSequences.continueFromTable(on: sql)
            return outcome
        }
    }

    /// A copy never merges into a deployment: the target may hold no tenant, no deployment and no keystore.
    private func refuseNonEmptyTarget(on sql: SQLExecutor) async throws {
        let held = try await sql.scalar(
            """
            SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM deployment) + (SELECT count(*) FROM ks.keystore_meta)
                + (SELECT count(*) FROM ks.kms_epochs) AS n
            """)
        guard held == 0 else {
            throw HavenError.usage(
                "The target database is not empty (it holds a deployment or tenants): haven db copy only fills a freshly migrated database")
        }
    }

    /// The tables to copy, referenced before referencing (the target's foreign keys hold at every commit).
    func tables() async throws -> [Table] {
        let (targetColumns, references) = try await self.target.read { sql in
            let columns = try await sql.all(
                """
                SELECT c.table_schema AS schema, c.table_name AS name, c.column_name AS column_name, c.data_type AS type
                FROM information_schema.columns c JOIN information_schema.tables t
                    ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
                WHERE c.table_schema IN ('public', 'ks') AND c.is_generated = 'NEVER' AND c.is_identity = 'NO'
                ORDER BY c.table_schema, c.table_name, c.ordinal_position
                """
            ).map { (try $0.string("schema"), try $0.string("name"), try $0.string("column_name"), try $0.string("type")) }
            let references = try await sql.all(
                """
                SELECT cn.nspname || '.' || child.relname AS child, pn.nspname || '.' || parent.relname AS parent
                FROM pg_constraint k JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
                JOIN pg_namespace cn ON cn.oid = child.relnamespace JOIN pg_namespace pn ON pn.oid = parent.relnamespace
                WHERE k.contype = 'f' AND child.oid <> parent.oid
                """
            ).map { (try $0.string("child"), try $0.string("parent")) }
            return (columns, references)
        }
        var tables: [Table] = []
        for (key, columns) in Dictionary(grouping: targetColumns, by: { "\($0.0).\($0.1)" }).sorted(by: { $0.key < $1.key }) {
            let (schema, name) = (columns[0].0, columns[0].1)
            // Haven's own bookkeeping of the target's migrations stays the target's; derived tables fill themselves.
            guard key != "public.schema_migrations", !Self.derivedTables.contains(key) else { continue }
            let sourceColumns = try await self.source.read { sql in
                // The names come from the target's catalogue of Haven's own tables, never from input.
                try await sql.all(
                    SQL(raw: "SELECT name, pk FROM pragma_table_info('\(name)', '\(schema == "public" ? "main" : schema)')")
                )
                .map { (try $0.string("name"), try $0.int("pk")) }
            }
            guard !sourceColumns.isEmpty else {
                throw HavenError.usage("The SQLite deployment has no table \(key): migrate it with this Haven (haven migrate) first")
            }
            let present = Set(sourceColumns.map(\.0))
            let copied = columns.map(\.2).filter { present.contains($0) }
            let primaryKey = sourceColumns.filter { $0.1 > 0 }.sorted { $0.1 < $1.1 }.map(\.0)
            tables.append(
                Table(
                    schema: schema, name: name, columns: copied,
                    targetTypes: Dictionary(uniqueKeysWithValues: columns.map { ($0.2, $0.3) }),
                    pageKey: primaryKey.isEmpty ? ["rowid"] : primaryKey))
        }
        // Referenced tables first: repeatedly take those no remaining table references.
        var left = tables
        var ordered: [Table] = []
        while !left.isEmpty {
            let names = Set(left.map { "\($0.schema).\($0.name)" })
            let waiting = Set(references.filter { names.contains($0.0) && names.contains($0.1) }.map(\.0))
            let free = left.filter { !waiting.contains("\($0.schema).\($0.name)") }
            guard !free.isEmpty else { throw StoreError.database("the tables reference each other in a cycle") }
            ordered += free
            left.removeAll { table in free.contains { $0.qualified == table.qualified } }
        }
        return ordered
    }

    /// Copies one table, tenant by tenant where it has tenants; returns the rows copied.
    private func copy(_ table: Table, on sql: SQLExecutor) async throws -> Int {
        guard table.hasTenant else {
            // What the migrations put in a deployment-wide table (the id counters) is the source's to say: the
            // target holds no deployment, so these rows are only the migrations' seeds.
            try await sql.execute(SQL(raw: "DELETE FROM \(table.qualified)"))
            return try await self.copy(table, tenant: nil, on: sql)
        }
        let tenants = try await self.source.read { sql in
            try await sql.all(SQL(raw: "SELECT DISTINCT tenant_id FROM \(table.qualified) ORDER BY tenant_id")).map {
                TenantID(try $0.int("tenant_id"))
            }
        }
        var rows = 0
        for tenant in tenants { rows += try await self.copy(table, tenant: tenant, on: sql) }
        return rows
    }

    private func copy(_ table: Table, tenant: TenantID?, on target: SQLExecutor) async throws -> Int {
        let key = table.pageKey
        let selected = (key == ["rowid"] ? ["rowid"] : []) + table.columns
        let perStatement = max(1, min(Self.batchRows, 60_000 / max(1, table.columns.count)))
        var after: [DBValue]?
        var copied = 0
        while true {
            // Keyset paging on the source's key: every batch costs the same, however far into the table.
            var query = SQL(raw: "SELECT \(selected.joined(separator: ", ")) FROM \(table.qualified) WHERE 1 = 1")
            if let tenant {
                query.append(raw: " AND tenant_id = ")
                query.append(bind: .int(tenant.rawValue))
            }
            if let after {
                query.append(raw: " AND (\(key.joined(separator: ", "))) > (")
                for (index, value) in after.enumerated() {
                    if index > 0 { query.append(raw: ", ") }
                    query.append(bind: value)
                }
                query.append(raw: ")")
            }
            query.append(raw: " ORDER BY \(key.joined(separator: ", ")) LIMIT \(perStatement)")
            let rows = try await self.source.read { sql in try await sql.all(query) }
            guard let last = rows.last else { return copied }
            after = try key.map { try last.raw($0) }
            try await target.execute(try self.insert(rows, into: table, tenant: tenant))
            copied += rows.count
            if rows.count < perStatement { return copied }
        }
    }

    /// One multi-row INSERT; the tenant column is written as the tenant (`SQL.tenant`), so the statement runs as that
    /// tenant's and the wall's check applies to every row.
    private func insert(_ rows: [Row], into table: Table, tenant: TenantID?) throws -> SQL {
        var statement = SQL(raw: "INSERT INTO \(table.qualified) (\(table.columns.joined(separator: ", "))) VALUES ")
        for (rowIndex, row) in rows.enumerated() {
            statement.append(raw: rowIndex == 0 ? "(" : ", (")
            for (index, column) in table.columns.enumerated() {
                if index > 0 { statement.append(raw: ", ") }
                if column == "tenant_id", let tenant {
                    statement.append(tenant: tenant)
                } else {
                    statement.append(bind: try Self.converted(try row.raw(column), to: table.targetTypes[column] ?? "", column: column))
                }
            }
            statement.append(raw: ")")
        }
        return statement
    }

    /// A SQLite value in the type the PostgreSQL column has: bytes SQLite kept in a TEXT-declared column (sealed
    /// values) become bytea, integers stored for a floating column become doubles. Anything else is refused by name.
    static func converted(_ value: DBValue, to type: String, column: String) throws -> DBValue {
        switch (value, type) {
        case (.text(let text), "bytea"): return .blob(Array(text.utf8))
        case (.int(let number), "double precision"): return .real(Double(number))
        case (.real(let number), "bigint") where number.rounded() == number: return .int(Int64(number))
        case (.text(let text), "bigint"):
            guard let number = Int64(text) else {
                throw HavenError.usage(
                    "Column \(column) holds text where PostgreSQL expects an integer; the copy stopped, nothing was merged")
            }
            return .int(number)
        default: return value
        }
    }
}

extension Row {
    /// A column's value as the engine returned it (the copy moves values without interpreting them).
    func raw(_ column: String) throws -> DBValue {
        guard let position = self.columns.position(of: column) else {
            throw HavenError.internalFailure("no column \(column) in the result")
        }
        return self.values[position]
    }
}
