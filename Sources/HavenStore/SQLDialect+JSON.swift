/// The few places Haven's SQL reads or changes a JSON array stored in a column (tags, id lists), in each engine's
/// own functions: SQLite's `json_each` family, PostgreSQL's `json_array_elements*` and `jsonb` operators. Callers
/// ask the executor, which knows its dialect; every value still travels as a bind.
extension SQLExecutor {
    /// A subquery listing the elements of a JSON array (a column or a bound `DBValue.jsonIDs(…)`) as `value`, for
    /// `x IN \(…)` and `EXISTS`. `integers` gives numbers (ids) rather than text.
    public func jsonElements(_ array: SQL, integers: Bool = false) -> SQL {
        switch self.dialect {
        case .sqlite:
            return "(SELECT value FROM json_each(\(array)))"
        case .postgres:
            let value: SQL = integers ? "j.value::bigint" : "j.value"
            return "(SELECT \(value) AS value FROM json_array_elements_text((\(array))::json) AS j(value))"
        }
    }

    /// The elements of the array under `key` in a JSON object (`{"tickets": [1, 2]}`, a scalar subquery or column in
    /// scope), as integers.
    public func jsonElements(_ object: SQL, key: String) -> SQL {
        switch self.dialect {
        case .sqlite:
            return "(SELECT j.value FROM json_each(\(object), \(SQL.bind(.text("$." + key)))) j)"
        case .postgres:
            return "(SELECT j.value::bigint FROM json_array_elements_text((\(object))::json -> \(SQL.bind(.text(key)))) AS j(value))"
        }
    }

    /// The JSON array in `column` without the integer `value`.
    public func jsonRemoving(_ column: String, _ value: Int64) -> SQL {
        switch self.dialect {
        case .sqlite:
            return SQL(raw: "(SELECT json_group_array(value) FROM json_each(\(column)) WHERE value != ") + .bind(.int(value)) + ")"
        case .postgres:
            return SQL(
                raw: "(SELECT coalesce(json_agg(j.value::bigint), '[]')::text FROM json_array_elements_text(\(column)::json) AS j(value)")
                + " WHERE j.value::bigint <> " + .bind(.int(value)) + ")"
        }
    }

    /// The JSON array in `column` with the integer `value` appended.
    public func jsonAppending(_ column: String, _ value: Int64) -> SQL {
        switch self.dialect {
        case .sqlite:
            return SQL(raw: "json_insert(\(column), '$[#]', ") + .bind(.int(value)) + ")"
        case .postgres:
            return SQL(raw: "(\(column)::jsonb || to_jsonb(") + .bind(.int(value)) + "::bigint))::text"
        }
    }

    /// The number of elements of the JSON array in `column`.
    public func jsonLength(_ column: String) -> SQL {
        SQL(raw: self.dialect == .postgres ? "json_array_length(\(column)::json)" : "json_array_length(\(column))")
    }

    /// The collation that compares text regardless of case (`COLLATE NOCASE` on SQLite; an ICU collation made by the
    /// schema on PostgreSQL).
    public var caseInsensitive: SQL {
        SQL(raw: self.dialect == .postgres ? " COLLATE haven_nocase" : " COLLATE NOCASE")
    }
}
