/// Derives `description_text` / `body_text` from the HTML a client sent: tags removed, the common entities decoded,
/// whitespace collapsed. It is a display helper, not a sanitizer; HTML is never rendered from it.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
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
                        output.append(" ")
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
        let decoded = Self.decodeEntities(output)
        return decoded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
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
