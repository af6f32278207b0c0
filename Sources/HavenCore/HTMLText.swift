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
