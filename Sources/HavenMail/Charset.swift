import Foundation

/// Text in a named character set turned into Swift text. The sets mail really uses are decoded exactly (UTF-8,
/// US-ASCII, ISO-8859-1/2/9/15, Windows-1250…1254, Shift_JIS); any other name is read as UTF-8 when the bytes are
/// valid UTF-8 and as ISO-8859-1 otherwise, and says so (`exact == false`), so a message in an odd charset is stored
/// as far as it can be read rather than refused.
public enum Charset {
    public struct Decoded: Sendable, Equatable {
        public let text: String
        /// False when the charset was unknown (or absent where one was needed) and the text is a best guess.
        public let exact: Bool
    }

    public static func decode(_ bytes: some Collection<UInt8>, charset name: String?) -> Decoded {
        let bytes = Array(bytes)
        let label = (name ?? "us-ascii").trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t")).lowercased()
        switch label {
        case "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "":
            return Decoded(text: String(decoding: bytes, as: UTF8.self), exact: true)
        case "iso-8859-15", "iso8859-15", "latin-9", "latin9":
            return Decoded(text: Self.latin9(bytes), exact: true)
        default:
            break
        }
        if let encoding = Self.foundationEncodings[label], let text = String(bytes: bytes, encoding: encoding) {
            return Decoded(text: text, exact: true)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return Decoded(text: text, exact: false) }
        return Decoded(text: String(bytes.map { Character(Unicode.Scalar($0)) }), exact: false)
    }

    private static let foundationEncodings: [String: String.Encoding] = [
        "iso-8859-1": .isoLatin1, "iso8859-1": .isoLatin1, "latin1": .isoLatin1, "l1": .isoLatin1,
        "iso-8859-2": .isoLatin2, "iso8859-2": .isoLatin2, "latin2": .isoLatin2,
        "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250,
        "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251,
        "windows-1252": .windowsCP1252, "cp1252": .windowsCP1252,
        "windows-1253": .windowsCP1253, "cp1253": .windowsCP1253,
        "windows-1254": .windowsCP1254, "cp1254": .windowsCP1254,
        // ISO-8859-9 is Windows-1254 without its 0x80–0x9F printable characters (controls there in 8859-9).
        "iso-8859-9": .windowsCP1254, "iso8859-9": .windowsCP1254, "latin5": .windowsCP1254,
        "shift_jis": .shiftJIS, "shift-jis": .shiftJIS, "sjis": .shiftJIS, "x-sjis": .shiftJIS,
        "utf-16": .utf16, "utf-16le": .utf16LittleEndian, "utf-16be": .utf16BigEndian,
    ]

    /// ISO-8859-15: Latin-1 with eight code points replaced (€, Š, š, Ž, ž, Œ, œ, Ÿ).
    private static func latin9(_ bytes: [UInt8]) -> String {
        let replaced: [UInt8: Unicode.Scalar] = [
            0xA4: "\u{20AC}", 0xA6: "\u{0160}", 0xA8: "\u{0161}", 0xB4: "\u{017D}", 0xB8: "\u{017E}", 0xBC: "\u{0152}",
            0xBD: "\u{0153}", 0xBE: "\u{0178}",
        ]
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(replaced[byte] ?? Unicode.Scalar(byte)) }
        return String(scalars)
    }
}
