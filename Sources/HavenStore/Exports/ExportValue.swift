import HavenCore

/// One cell of an export: as CSV text and as JSON.
struct ExportValue {
    let text: String
    let json: JSONValue

    static func text(_ value: String?) -> ExportValue { ExportValue(text: value ?? "", json: .optional(value)) }
    static func id<K>(_ value: Identifier<K>?) -> ExportValue {
        ExportValue(text: value.map { String($0.rawValue) } ?? "", json: .optional(value))
    }
    static func time(_ value: Timestamp?) -> ExportValue { ExportValue(text: value?.iso8601 ?? "", json: .optional(value)) }
    static func list(_ values: [String]) -> ExportValue { ExportValue(text: values.joined(separator: ", "), json: .strings(values)) }
}
