public import HavenCore

/// A query string decoded as HTML form data, the way Freshdesk clients encode it: `+` is a space, then
/// percent-decoding. A key may repeat (python-freshdesk repeats `page` and `per_page`); the last value wins, as in
/// Rails. Invalid percent-escapes or invalid UTF-8 are reported, never guessed at.
public struct QueryParameters: Sendable {
    public private(set) var pairs: [(key: String, value: String)] = []

    public init(_ rawQuery: String?) throws(HavenError) {
        guard let rawQuery, !rawQuery.isEmpty else { return }
        for piece in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.formDecode(parts[0]) else {
                throw HavenError.validation([.invalid(String(parts[0].prefix(40)), "The parameter name is not valid UTF-8")])
            }
            guard let value = parts.count > 1 ? Self.formDecode(parts[1]) : "" else {
                throw HavenError.validation([.invalid(key, "The value is not valid percent-encoded UTF-8")])
            }
            self.pairs.append((key: key, value: value))
        }
    }

    public subscript(key: String) -> String? {
        self.pairs.last(where: { $0.key == key })?.value
    }

    public var keys: Set<String> { Set(self.pairs.map(\.key)) }

    /// Rejects any parameter not in `allowed` with Freshdesk's `invalid_field` error.
    public func requireOnly(_ allowed: Set<String>) throws(HavenError) {
        let unknown = self.pairs.map(\.key).filter { !allowed.contains($0) }
        guard unknown.isEmpty else {
            var seen = Set<String>()
            throw HavenError.validation(unknown.filter { seen.insert($0).inserted }.map { FieldError.unexpected($0) })
        }
    }

    /// Splits a comma list (a comma arrives literal or as `%2C`; both are decoded by now).
    public func list(_ key: String) -> [String]? {
        self[key].map { $0.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty } }
    }

    public func integer(_ key: String, range: ClosedRange<Int64>? = nil) throws(HavenError) -> Int64? {
        guard let text = self[key] else { return nil }
        guard let value = Int64(text.trimmingWhitespace()) else {
            throw HavenError.validation([.wrongType(key, "Positive Integer")])
        }
        if let range, !range.contains(value) {
            throw HavenError.validation([
                .invalid(key, "It should be a number between \(range.lowerBound) and \(range.upperBound)")
            ])
        }
        return value
    }

    /// Accepts `true`, `True`, `1`, `false`, `False`, `0` (python-freshdesk sends `force=True`).
    public func boolean(_ key: String) throws(HavenError) -> Bool? {
        guard let text = self[key] else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw HavenError.validation([.wrongType(key, "Boolean")])
        }
    }

    public func timestamp(_ key: String) throws(HavenError) -> Timestamp? {
        guard let text = self[key] else { return nil }
        guard let value = TimestampParser.parse(text.trimmingWhitespace()) else {
            throw HavenError.validation([
                .invalid(key, "It should be in the 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ' format")
            ])
        }
        return value
    }

    static func formDecode(_ text: Substring) -> String? {
        FormEncoding.decode(text)
    }
}
