public struct SQLiteAuthenticationFailureRepository: AuthenticationFailureRepository {
    /// Rows per insert: well inside both engines' limits on a statement's values.
    static let rowsPerStatement = 200

    public init() {}

    public func exchange(
        failures: [String: Int], blocks: [String: AddressBlock], minute: Int64, limit: Int, blocksNotedSince: Int64, now: Int64,
        on sql: SQLExecutor
    ) async throws -> (overLimit: [String: Int], blocks: [String: AddressBlock]) {
        // Sorted, so two nodes adding the same addresses lock their rows in the same order.
        try await Self.insert(
            failures.sorted { $0.key < $1.key }, into: "auth_failure_windows (address_key, minute, failures)",
            then: " ON CONFLICT (address_key, minute) DO UPDATE SET failures = auth_failure_windows.failures + excluded.failures",
            on: sql
        ) { address, count in "\(address), \(minute), \(Int64(count))" }
        try await Self.insert(
            blocks.sorted { $0.key < $1.key }, into: "auth_address_blocks (address_key, blocked_until, offences, noted_at)",
            then: """
                 ON CONFLICT (address_key) DO UPDATE SET
                blocked_until = CASE WHEN excluded.blocked_until > auth_address_blocks.blocked_until
                    THEN excluded.blocked_until ELSE auth_address_blocks.blocked_until END,
                offences = CASE WHEN excluded.offences > auth_address_blocks.offences
                    THEN excluded.offences ELSE auth_address_blocks.offences END,
                noted_at = excluded.noted_at
                """,
            on: sql
        ) { address, block in "\(address), \(block.until), \(Int64(block.offences)), \(now)" }
        var overLimit: [String: Int] = [:]
        let counts = try await sql.all(
            "SELECT address_key, failures FROM auth_failure_windows WHERE minute = \(minute) AND failures > \(Int64(limit))")
        for row in counts {
            overLimit[try row.string("address_key")] = Int(try row.int("failures"))
        }
        var inForce: [String: AddressBlock] = [:]
        let noted = try await sql.all(
            """
            SELECT address_key, blocked_until, offences FROM auth_address_blocks
            WHERE noted_at >= \(blocksNotedSince) AND blocked_until > \(now)
            """)
        for row in noted {
            inForce[try row.string("address_key")] = AddressBlock(
                until: try row.int("blocked_until"), offences: Int(try row.int("offences")))
        }
        return (overLimit, inForce)
    }

    /// `INSERT INTO table (…) VALUES (…), (…) …then`, at most `rowsPerStatement` rows a statement; `values` gives
    /// one row's values, without the parentheses.
    private static func insert<Value>(
        _ rows: [(key: String, value: Value)], into table: String, then conflict: String, on sql: SQLExecutor,
        values: (String, Value) -> SQL
    ) async throws {
        for chunk in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
            var statement = SQL(raw: "INSERT INTO \(table) VALUES ")
            for (index, row) in rows[chunk..<min(chunk + Self.rowsPerStatement, rows.count)].enumerated() {
                statement.append(raw: index == 0 ? "(" : ", (")
                statement.append(values(row.key, row.value))
                statement.append(raw: ")")
            }
            statement.append(raw: conflict)
            try await sql.execute(statement)
        }
    }

    public func forget(minutesBefore minute: Int64, blocksEndedBefore: Int64, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM auth_failure_windows WHERE minute < \(minute)")
        try await sql.execute("DELETE FROM auth_address_blocks WHERE blocked_until < \(blocksEndedBefore)")
    }
}
