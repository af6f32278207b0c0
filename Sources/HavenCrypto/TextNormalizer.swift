import Foundation

/// The normal forms blind indexes hash (encryption.md §10.5). The same function runs when a value is indexed and
/// when it is looked up, so "  Alice@Example.COM " finds "alice@example.com".
public enum TextNormalizer {
    /// Trimmed, Unicode NFC, case-folded.
    public static func email(_ value: String) -> String {
        if let ascii = self.asciiLowercased(value, trimming: true) {
            return ascii
        }
        return self.fold(value.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping)
    }

    /// Digits only, with a leading '+' kept: "+1 (555) 010-0200" and "+15550100200" are one number.
    public static func phone(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = trimmed.unicodeScalars.filter { ("0"..."9").contains($0) }
        return (trimmed.hasPrefix("+") ? "+" : "") + String(String.UnicodeScalarView(digits))
    }

    /// Company names compare case-insensitively with inner whitespace collapsed.
    public static func name(_ value: String) -> String {
        self.fold(
            value.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        )
    }

    /// The distinct words of a text: NFKC, case-folded, split at every character that is not a letter or digit,
    /// one-character words dropped. Set semantics (each word once) hide how often a word occurs.
    public static func words(_ text: String) -> Set<String> {
        var words = Set<String>()
        if let ascii = self.asciiLowercased(text) {
            // ASCII: letters and digits are [a-z0-9] once lower-cased; split on bytes, not Characters.
            for piece in ascii.utf8.split(whereSeparator: { !(($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39)) })
            where piece.count > 1 && piece.count <= 64 {
                words.insert(String(decoding: piece, as: UTF8.self))
            }
            return words
        }
        let folded = self.fold(text.precomposedStringWithCompatibilityMapping)
        for piece in folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where piece.count > 1 {
            // Very long "words" (base64 blobs, URLs) add leakage and no search value.
            if piece.utf8.count <= 64 { words.insert(String(piece)) }
        }
        return words
    }

    static func fold(_ value: String) -> String {
        value.folding(options: [.caseInsensitive], locale: nil)
    }

    /// For ASCII text NFC and NFKC change nothing and case folding is lower-casing: most e-mail addresses and many
    /// tickets take this path, without Foundation's Unicode tables.
    static func asciiLowercased(_ value: String, trimming: Bool = false) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            guard byte < 0x80 else { return nil }
            bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        if trimming {
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
            let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
            let end = bytes.lastIndex { !isSpace($0) }.map { $0 + 1 } ?? start
            return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
