import HavenCore
import SQLKit

/// Typed column access over an `SQLRow`. A missing or mistyped column is a programming error in a query, reported as
/// `HavenError.internalFailure` naming the column (never its value).
public struct Row: Sendable {
    let raw: any SQLRow

    public func int(_ column: String) throws -> Int64 {
        do {
            return try self.raw.decode(column: column, as: Int64.self)
        } catch {
            throw HavenError.internalFailure("column \(column) is not an integer")
        }
    }

    public func optionalInt(_ column: String) throws -> Int64? {
        if try self.raw.decodeNil(column: column) { return nil }
        return try self.int(column)
    }

    public func string(_ column: String) throws -> String {
        do {
            return try self.raw.decode(column: column, as: String.self)
        } catch {
            throw HavenError.internalFailure("column \(column) is not text")
        }
    }

    public func optionalString(_ column: String) throws -> String? {
        if try self.raw.decodeNil(column: column) { return nil }
        return try self.string(column)
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
        guard let text = try self.optionalString(column), !text.isEmpty else { return [] }
        guard case .array(let items) = try? JSONParser.parse(text) else {
            throw HavenError.internalFailure("column \(column) is not a JSON array")
        }
        return items.compactMap(\.stringValue)
    }

    public func idList<K>(_ column: String) throws -> [Identifier<K>] {
        guard let text = try self.optionalString(column), !text.isEmpty else { return [] }
        guard case .array(let items) = try? JSONParser.parse(text) else {
            throw HavenError.internalFailure("column \(column) is not a JSON array")
        }
        return items.compactMap(\.intValue).map { Identifier($0) }
    }

    public func jsonObject(_ column: String) throws -> JSONObject {
        guard let text = try self.optionalString(column), !text.isEmpty else { return JSONObject() }
        guard case .object(let object) = try? JSONParser.parse(text) else {
            throw HavenError.internalFailure("column \(column) is not a JSON object")
        }
        return object
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
