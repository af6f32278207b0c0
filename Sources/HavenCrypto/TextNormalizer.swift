import Foundation

/// The normal forms blind indexes hash (encryption.md §10.5). The same function runs when a value is indexed and
/// when it is looked up, so "  Alice@Example.COM " finds "alice@example.com".
public enum TextNormalizer {
    /// Trimmed, Unicode NFC, case-folded.
    public static func email(_ value: String) -> String {
        self.fold(value.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping)
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
}
