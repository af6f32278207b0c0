/// Derives `description_text` / `body_text` from the HTML a client sent: tags removed, the common entities decoded,
/// whitespace collapsed. It is a display helper, not a sanitizer; HTML is never rendered from it.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        Self.text(html, blockEnd: " ").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Text for a box a person edits (a canned response starting a reply): like `plainText`, but each paragraph, line
    /// break or list item on a line of its own, paragraphs apart by a blank line, as `paragraphs` reads them back.
    public static func editableText(_ html: String) -> String {
        Self.text(html, blockEnd: "\u{1}").split(separator: "\u{1}")
            .map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n\n")
    }

    /// Tags removed (a block's end written as `blockEnd`), entities decoded.
    private static func text(_ html: String, blockEnd: Character) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count)
        var inTag = false
        var tagName = ""
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tagName.lowercased()
                    if ["br", "br/", "/p", "/div", "/li", "/tr", "/h1", "/h2", "/h3"].contains(name) {
                        output.append(blockEnd)
                    }
                } else if character == " " || character == "\t" || character == "\n" {
                    tagName.append("\u{0}")
                } else if !tagName.contains("\u{0}") {
                    tagName.append(character)
                }
            } else if character == "<" {
                inTag = true
                tagName = ""
            } else {
                output.append(character)
            }
        }
        return Self.decodeEntities(output)
    }

    /// The five characters HTML needs escaped in text and attribute values (`< > & " '`), decided over UTF-8 bytes; a
    /// value with nothing to escape (nearly every one) is returned as it is, with no copy. The pages' `{{ }}` and
    /// every other value Haven writes into HTML (canned responses' placeholders) go through it.
    public static func escape(_ text: String) -> String {
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

    /// Plain text someone typed as the HTML a Freshdesk body holds: escaped, one paragraph per blank-line block,
    /// single line breaks kept. What the console and the portal store for a typed reply or description.
    public static func paragraphs(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "\r\n", "\r": escaped += "\n"
            default: escaped.append(character)
            }
        }
        var html = ""
        var blankRun = false
        var started = false
        for line in escaped.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                blankRun = true
                continue
            }
            if !started {
                html += "<p>"
                started = true
            } else if blankRun {
                html += "</p><p>"
            } else {
                html += "<br>"
            }
            blankRun = false
            html += line
        }
        return html.isEmpty ? "<p></p>" : html + "</p>"
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        // `&amp;` last, so "&amp;lt;" becomes "&lt;" and not "<".
        let entities = [
            ("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
            ("&amp;", "&"),
        ]
        var result = text
        for (entity, replacement) in entities {
            result = result.replacing(entity, with: replacement)
        }
        return result
    }
}
