import Foundation
import HavenCore

/// An `application/x-www-form-urlencoded` body (or query string), decoded: `+` as space, percent escapes as UTF-8.
/// Repeated names keep the first value. Bounded by the caller's body limit; malformed escapes make the whole form
/// invalid rather than guessing.
struct FormBody: Sendable {
    private(set) var values: [String: String] = [:]

    struct Malformed: Error {}

    init() {}

    init(parsing text: Substring) throws(Malformed) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            if self.values[name] == nil { self.values[name] = value }
        }
    }

    /// The text fields of a multipart form, with the same first-value-wins rule.
    init(fields: [(name: String, value: String)]) {
        for (name, value) in fields where self.values[name] == nil { self.values[name] = value }
    }

    subscript(name: String) -> String? { self.values[name] }

    /// The trimmed value, nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = self.values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    static func decode(_ text: Substring) throws(Malformed) -> String {
        guard let decoded = FormEncoding.decode(text) else { throw Malformed() }
        return decoded
    }
}
