import HavenCore

/// Small constructors for JSON Schema (2020-12, as OpenAPI 3.1 uses it), so the description reads like the shapes.
enum Schema {
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let anyObject: JSONValue = ["type": "object"]
    static let null: JSONValue = ["type": "null"]
    static let positiveID: JSONValue = ["type": "integer", "minimum": 1]

    static func nullable(_ schema: JSONValue) -> JSONValue {
        ["anyOf": [schema, self.null]]
    }

    static func array(_ items: JSONValue) -> JSONValue {
        ["type": "array", "items": items]
    }

    static func reference(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    static func oneOf(_ values: [Int64]) -> JSONValue {
        ["type": "integer", "enum": .array(values.map { .int($0) })]
    }

    static func oneOf(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .strings(values)]
    }

    static func string(maxLength: Int) -> JSONValue {
        ["type": "string", "maxLength": .int(Int64(maxLength))]
    }

    /// An object with these properties; `required` lists those always present. Responses allow more keys (a
    /// client must tolerate additions); request bodies do not (`closed`), as the API refuses unknown fields.
    static func object(_ properties: [(String, JSONValue)], required: [String] = [], closed: Bool = false) -> JSONValue {
        var object = JSONObject([("type", "object"), ("properties", .object(JSONObject(properties)))])
        if !required.isEmpty { object.append("required", .strings(required)) }
        if closed { object.append("additionalProperties", false) }
        return .object(object)
    }

    /// Every property listed is always present.
    static func record(_ properties: [(String, JSONValue)]) -> JSONValue {
        self.object(properties, required: properties.map(\.0))
    }
}
