/// Makes HTML written through the API safe to show on a page: an allowlist of formatting elements (paragraphs,
/// headings, lists, emphasis, code, quotes, tables, links), no attributes but a link's `href` to http(s), mailto or
/// this site, and the content of scripts, styles, frames and forms dropped entirely. Text is re-escaped, elements are
/// balanced, so the result cannot open or close anything around it. Knowledge-base articles pass through this before
/// the portal and the console show them; Haven shows no other stored HTML.
public enum SafeHTML {
    static let allowed: Set<String> = [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "b", "em", "i", "u", "s", "code",
        "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "span", "div", "sub", "sup",
    ]
    static let void: Set<String> = ["br", "hr"]
    /// Elements whose content is not text for a reader (or is active): removed with everything inside.
    static let dropped: Set<String> = [
        "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "select", "svg", "math", "title",
        "head", "frameset", "frame", "applet", "form", "button",
    ]

    public static func sanitize(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count)
        var open: [String] = []
        var skipping: String?
        var text = ""
        let characters = Array(html)
        var index = 0

        func flushText() {
            if skipping == nil, !text.isEmpty { output += HTMLText.escape(HTMLText.decodeEntities(text)) }
            text = ""
        }

        while index < characters.count {
            let character = characters[index]
            guard character == "<", index + 1 < characters.count,
                characters[index + 1].isLetter || characters[index + 1] == "/" || characters[index + 1] == "!"
            else {
                text.append(character)
                index += 1
                continue
            }
            flushText()
            if characters[index + 1] == "!" {
                // A comment runs to "-->"; a declaration to ">".
                let isComment = index + 3 < characters.count && characters[index + 2] == "-" && characters[index + 3] == "-"
                let marker = isComment ? "-->" : ">"
                index = Self.end(of: marker, in: characters, from: isComment ? index + 4 : index) ?? characters.count
                continue
            }
            // An unfinished tag at the end is dropped with what follows it.
            guard let close = Self.tagEnd(characters, from: index) else { break }
            let inside = String(characters[(index + 1)..<max(index + 1, close - 1)])
            index = close
            let closing = inside.hasPrefix("/")
            let body = closing ? inside.dropFirst() : Substring(inside)
            let name = body.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if let skipped = skipping {
                if closing && name == skipped { skipping = nil }
                continue
            }
            if !closing && Self.dropped.contains(name) {
                if !body.hasSuffix("/") { skipping = name }
                continue
            }
            guard Self.allowed.contains(name) else { continue }
            if closing {
                guard let position = open.lastIndex(of: name) else { continue }
                for element in open[position...].reversed() { output += "</\(element)>" }
                open.removeSubrange(position...)
            } else if name == "a" {
                let href = Self.attribute("href", in: body.dropFirst(name.count)).flatMap(Self.safeLink)
                output += href.map { "<a href=\"\(HTMLText.escape($0))\" rel=\"nofollow noopener noreferrer\">" } ?? "<a>"
                open.append(name)
            } else {
                output += "<\(name)>"
                if !Self.void.contains(name) { open.append(name) }
            }
        }
        flushText()
        for element in open.reversed() { output += "</\(element)>" }
        return output
    }

    /// The index just past `marker`, or nil when it never comes.
    static func end(of marker: String, in characters: [Character], from start: Int) -> Int? {
        let pattern = Array(marker)
        var index = start
        while index + pattern.count <= characters.count {
            if Array(characters[index..<(index + pattern.count)]) == pattern { return index + pattern.count }
            index += 1
        }
        return nil
    }

    /// The index just past a tag's closing `>`, skipping quoted attribute values (`href="a>b"` does not end it).
    static func tagEnd(_ characters: [Character], from start: Int) -> Int? {
        var quote: Character?
        var afterEquals = false
        for index in (start + 1)..<characters.count {
            let character = characters[index]
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if character == ">" { return index + 1 }
            if (character == "\"" || character == "'") && afterEquals {
                quote = character
                continue
            }
            if !character.isWhitespace { afterEquals = character == "=" }
        }
        return nil
    }

    /// An attribute's value (quoted or not), entities decoded.
    static func attribute(_ wanted: String, in attributes: Substring) -> String? {
        var rest = attributes[...]
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "/" }
            guard !rest.isEmpty else { return nil }
            let name = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != ">" && $0 != "/" }.lowercased()
            rest = rest.dropFirst(max(1, name.count)).drop { $0.isWhitespace }
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst().drop { $0.isWhitespace }
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    value = String(rest.dropFirst().prefix { $0 != quote })
                    rest = rest.dropFirst(value.count + 2)
                } else {
                    value = String(rest.prefix { !$0.isWhitespace })
                    rest = rest.dropFirst(value.count)
                }
            }
            if name == wanted { return HTMLText.decodeEntities(value) }
        }
    }

    /// A link target that cannot run code: http(s), mailto, or a path or fragment on this site.
    static func safeLink(_ href: String) -> String? {
        let trimmed = href.trimmingWhitespace()
        let lower = trimmed.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") { return trimmed }
        if trimmed.hasPrefix("#") || (trimmed.hasPrefix("/") && !trimmed.hasPrefix("//")) { return trimmed }
        return nil
    }
}
