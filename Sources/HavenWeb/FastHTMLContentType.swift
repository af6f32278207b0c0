import Mustache

/// The escaping every `{{ }}` in Haven's pages goes through: the same five characters as the template library's own
/// HTML type (`< > & " '`), but decided over UTF-8 bytes, and a value with nothing to escape (nearly every one) is
/// returned as it is, with no copy. The library's type walks `Character`s and hashes each into a dictionary, which was
/// the largest single cost of rendering a list page. Every template names it in its first token (see `Pages`).
struct FastHTMLContentType: MustacheContentType {
    static let name = "HAVEN_HTML"

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        // Only ASCII bytes are replaced, so a byte-wise pass cannot split a multi-byte character.
        guard utf8.contains(where: Self.needsEscape) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }
}
