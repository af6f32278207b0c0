/// The placeholders a canned response may hold — `{{ticket.requester.name}}` and the like, as Freshdesk writes them —
/// checked when it is saved (an unknown name, an unclosed `{{`, or anything that is not a name, such as markup, is
/// refused) and filled when it is used, every value HTML-escaped as the pages escape theirs.
public enum CannedPlaceholders {
    public static let known: [String] = [
        "ticket.id", "ticket.subject", "ticket.status", "ticket.priority", "ticket.requester.name", "ticket.requester.email",
        "ticket.agent.name", "ticket.agent.email", "helpdesk_name",
    ]

    /// A part of a text: literal text, or a placeholder's name.
    enum Part: Equatable {
        case text(Substring)
        case placeholder(String)
    }

    /// Why `html` cannot be saved, one message per problem (empty when it can).
    public static func problems(in html: String) -> [String] {
        switch self.parts(html) {
        case .failure(let message): return [message]
        case .success(let parts):
            return parts.compactMap { part in
                guard case .placeholder(let name) = part, !self.known.contains(name) else { return nil }
                let shown = name.count > 40 ? String(name.prefix(40)) + "…" : name
                return "Unknown placeholder {{\(shown)}}; use \(self.known.map { "{{\($0)}}" }.joined(separator: ", "))"
            }
        }
    }

    /// `html` with each placeholder replaced by its value, escaped (a placeholder without a value becomes empty).
    public static func render(_ html: String, values: [String: String]) -> String {
        guard case .success(let parts) = self.parts(html) else { return html }
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .placeholder(let name): out += HTMLText.escape(values[name] ?? "")
            }
        }
        return out
    }

    enum Parsed {
        case success([Part])
        case failure(String)
    }

    static func parts(_ html: String) -> Parsed {
        var parts: [Part] = []
        var rest = html[...]
        while let open = Self.find("{{", in: rest) {
            parts.append(.text(rest[..<open.lowerBound]))
            let after = rest[open.upperBound...]
            guard let close = Self.find("}}", in: after) else {
                return .failure("An unclosed placeholder: every {{ needs its }}")
            }
            let name = String(after[..<close.lowerBound]).trimmingWhitespace()
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") }) else {
                return .failure("A placeholder holds only a name such as {{ticket.requester.name}}, not {{\(name.prefix(40))}}")
            }
            parts.append(.placeholder(name))
            rest = after[close.upperBound...]
        }
        parts.append(.text(rest))
        return .success(parts)
    }

    /// The first place `pair` (two characters) occurs in `text`.
    private static func find(_ pair: String, in text: Substring) -> Range<Substring.Index>? {
        let (first, second) = (pair.first!, pair.last!)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == first, next < text.endIndex, text[next] == second { return index..<text.index(after: next) }
            index = next
        }
        return nil
    }
}
