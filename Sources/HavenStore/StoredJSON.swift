import HavenCore

/// Reading the JSON stored in a column (lists, custom fields), clear or opened from an envelope alike. Empty or
/// missing means empty; anything else that does not parse as the expected shape is a storage fault naming the column.
enum StoredJSON {
    static func array(_ text: String?, column: String) throws -> [JSONValue] {
        guard let text, !text.isEmpty else { return [] }
        guard case .array(let items) = try? JSONParser.parse(text) else {
            throw HavenError.internalFailure("column \(column) is not a JSON array")
        }
        return items
    }

    static func object(_ text: String?, column: String) throws -> JSONObject {
        guard let text, !text.isEmpty else { return JSONObject() }
        guard case .object(let object) = try? JSONParser.parse(text) else {
            throw HavenError.internalFailure("column \(column) is not a JSON object")
        }
        return object
    }
}
