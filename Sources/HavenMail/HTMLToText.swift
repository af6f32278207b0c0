/// Mail HTML reduced to the text a person wrote: tags gone (script, style, head and comments with their contents),
/// block elements turned into line breaks, entities decoded. Haven never shows mail HTML: the text becomes escaped
/// paragraphs like every other body, so nothing a sender writes can run or restyle a page.
public enum HTMLToText {
    static let blockTags: Set<String> = [
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "hr",
        "section", "article", "header", "footer",
    ]
    static let droppedTags: Set<String> = ["script", "style", "head", "title", "template", "noscript", "iframe", "object"]

    public static func text(_ html: String) -> String {
        var output = ""
        var scalars = html.unicodeScalars[...]
        while let scalar = scalars.first {
            if scalar == "<" {
                scalars.removeFirst()
                if scalars.starts(with: "!--".unicodeScalars) {
                    if let end = Self.range(of: "-->", in: scalars) {
                        scalars = scalars[end.upperBound...]
                    } else {
                        scalars = scalars[scalars.endIndex...]
                    }
                    continue
                }
                guard let close = scalars.firstIndex(of: ">") else { break }
                let tag = String(String.UnicodeScalarView(scalars[..<close]))
                scalars = scalars[scalars.index(after: close)...]
                let closing = tag.hasPrefix("/")
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
                if !closing, Self.droppedTags.contains(name) {
                    if let end = Self.range(of: "</\(name)", in: scalars, caseInsensitive: true) {
                        scalars = scalars[end.upperBound...]
                        if let gt = scalars.firstIndex(of: ">") { scalars = scalars[scalars.index(after: gt)...] }
                    } else {
                        scalars = scalars[scalars.endIndex...]
                    }
                    continue
                }
                if Self.blockTags.contains(name) { output += "\n" }
                if name == "p" && closing { output += "\n" }
                if name == "td" || name == "th" { output += " " }
                continue
            }
            if scalar == "&" {
                let (decoded, rest) = Self.entity(scalars)
                output += decoded
                scalars = rest
                continue
            }
            output.unicodeScalars.append(scalar.properties.isWhitespace && scalar != "\n" ? " " : scalar)
            scalars.removeFirst()
        }
        return Self.tidy(output)
    }

    /// Whitespace as a reader expects it: runs of blanks are one, every line trimmed, at most one empty line.
    static func tidy(_ text: String) -> String {
        var lines: [String] = []
        var blank = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if line.isEmpty {
                blank += 1
                if blank == 1, !lines.isEmpty { lines.append("") }
            } else {
                blank = 0
                lines.append(line)
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func range(
        of needle: String, in haystack: Substring.UnicodeScalarView, caseInsensitive: Bool = false
    ) -> Range<String.UnicodeScalarView.Index>? {
        let target = Array((caseInsensitive ? needle.lowercased() : needle).unicodeScalars)
        var index = haystack.startIndex
        while index < haystack.endIndex {
            var i = index
            var matched = 0
            while matched < target.count, i < haystack.endIndex {
                let scalar = haystack[i]
                let compare = caseInsensitive ? (scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar) : scalar
                guard compare == target[matched] else { break }
                matched += 1
                i = haystack.index(after: i)
            }
            if matched == target.count { return index..<i }
            index = haystack.index(after: index)
        }
        return nil
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®", "hellip": "…",
        "mdash": "—", "ndash": "–", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "euro": "€", "bull": "•",
    ]

    static func entity(_ scalars: Substring.UnicodeScalarView) -> (String, Substring.UnicodeScalarView) {
        let body = scalars.dropFirst()
        guard let semicolon = body.prefix(12).firstIndex(of: ";") else { return ("&", body) }
        let name = String(String.UnicodeScalarView(body[..<semicolon]))
        let rest = body[body.index(after: semicolon)...]
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            if let value, value != 0, let scalar = Unicode.Scalar(value) { return (String(Character(scalar)), rest) }
            return ("\u{FFFD}", rest)
        }
        if let text = Self.namedEntities[name.lowercased()] { return (text, rest) }
        return ("&", body)
    }
}
