import Foundation

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

    subscript(name: String) -> String? { self.values[name] }

    /// The trimmed value, nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = self.values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    static func decode(_ text: Substring) throws(Malformed) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                    throw Malformed()
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw Malformed() }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
