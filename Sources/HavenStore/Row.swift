public import HavenCore

/// Typed column access over a result row. A missing or mistyped column is a programming error in a query, reported
/// as `HavenError.internalFailure` naming the column (never its value).
public struct Row: Sendable {
    let columns: ColumnIndex
    let values: [DBValue]

    private func value(_ column: String) throws -> DBValue {
        guard let position = self.columns.position(of: column) else {
            throw HavenError.internalFailure("no column \(column) in the result")
        }
        return self.values[position]
    }

    public func optionalInt(_ column: String) throws -> Int64? {
        switch try self.value(column) {
        case .null: return nil
        case .int(let value): return value
        default: throw HavenError.internalFailure("column \(column) is not an integer")
        }
    }

    public func int(_ column: String) throws -> Int64 {
        guard let value = try self.optionalInt(column) else {
            throw HavenError.internalFailure("column \(column) is null")
        }
        return value
    }

    public func optionalString(_ column: String) throws -> String? {
        switch try self.value(column) {
        case .null: return nil
        case .text(let value): return value
        default: throw HavenError.internalFailure("column \(column) is not text")
        }
    }

    public func string(_ column: String) throws -> String {
        guard let value = try self.optionalString(column) else {
            throw HavenError.internalFailure("column \(column) is null")
        }
        return value
    }

    /// A BLOB column (sealed values, wrapped keys); `.null` for NULL. Text here is reported as `.text` so callers
    /// can tell a legacy plaintext value from an envelope.
    public func optionalValue(_ column: String) throws -> DBValue {
        try self.value(column)
    }

    public func bytes(_ column: String) throws -> [UInt8] {
        guard case .blob(let bytes) = try self.value(column) else {
            throw HavenError.internalFailure("column \(column) is not a blob")
        }
        return bytes
    }

    /// The first column of a single-value result (`SELECT count(*) …`).
    func firstInt() throws -> Int64 {
        guard case .int(let value) = self.values.first else {
            throw HavenError.internalFailure("scalar query returned no integer")
        }
        return value
    }

    public func bool(_ column: String) throws -> Bool {
        try self.int(column) != 0
    }

    public func timestamp(_ column: String) throws -> Timestamp {
        Timestamp(secondsSince1970: try self.int(column))
    }

    public func optionalTimestamp(_ column: String) throws -> Timestamp? {
        try self.optionalInt(column).map { Timestamp(secondsSince1970: $0) }
    }

    public func id<K>(_ column: String) throws -> Identifier<K> {
        Identifier(try self.int(column))
    }

    public func optionalID<K>(_ column: String) throws -> Identifier<K>? {
        try self.optionalInt(column).map { Identifier($0) }
    }

    /// A column holding a JSON array of strings (tags, e-mail lists).
    public func stringList(_ column: String) throws -> [String] {
        try StoredJSON.array(self.optionalString(column), column: column).compactMap(\.stringValue)
    }

    public func idList<K>(_ column: String) throws -> [Identifier<K>] {
        try StoredJSON.array(self.optionalString(column), column: column).compactMap(\.intValue).map { Identifier($0) }
    }

    public func jsonObject(_ column: String) throws -> JSONObject {
        try StoredJSON.object(self.optionalString(column), column: column)
    }
}

extension DBValue {
    /// A list stored as a JSON array in one column.
    public static func jsonList(_ values: [String]) -> DBValue {
        .text(JSONWriter.string(.strings(values)))
    }

    public static func jsonIDs<K>(_ values: [Identifier<K>]) -> DBValue {
        .text(JSONWriter.string(.ids(values)))
    }

    public static func json(_ object: JSONObject) -> DBValue {
        .text(JSONWriter.string(.object(object)))
    }
}
