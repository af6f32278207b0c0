import HavenCore
import Testing

/// `YYYY-MM-DDTHH:MM:SSZ` exactly.
func isWireTimestamp(_ value: JSONValue?) -> Bool {
    guard case .string(let text) = value else { return false }
    let bytes = Array(text.utf8)
    guard bytes.count == 20 else { return false }
    let pattern = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
    return zip(bytes, pattern).allSatisfy { byte, expected in
        expected == UInt8(ascii: "d") ? (byte >= 0x30 && byte <= 0x39) : byte == expected
    }
}

extension JSONObject {
    func int(_ key: String) -> Int64? { self[key]?.intValue }
    func string(_ key: String) -> String? { self[key]?.stringValue }
}

extension HTTPResult {
    /// The `field` and `code` pairs of a Freshdesk validation error body.
    var fieldErrors: [(field: String, code: String)] {
        guard let errors = self.object?["errors"]?.arrayValue else { return [] }
        return errors.compactMap { error in
            guard let object = error.objectValue, let field = object.string("field"), let code = object.string("code")
            else { return nil }
            return (field, code)
        }
    }

    func hasFieldError(_ field: String, _ code: String) -> Bool {
        self.fieldErrors.contains { $0.field == field && $0.code == code }
    }
}
