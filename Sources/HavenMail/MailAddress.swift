/// One mailbox from an address header: the display name (encoded words decoded, quotes and comments gone) and the
/// address itself. Groups (`undisclosed-recipients:;`) contribute their members, or nothing.
public struct MailAddress: Sendable, Equatable {
    public let name: String?
    /// As written (not lower-cased: the local part is the receiver's business).
    public let address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// Every mailbox in an address list header; entries without a plausible `local@domain` are left out.
    public static func list(_ header: String?) -> [MailAddress] {
        guard let header else { return [] }
        return Self.entries(header).compactMap(Self.mailbox)
    }

    /// Splits at commas outside quotes, angle brackets and comments; a group's `name:` prefix and `;` are dropped.
    static func entries(_ text: String) -> [String] {
        var entries: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        var angle = 0
        var comment = 0
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where quoted || comment > 0:
                escaped = true
                current.append(character)
            case "\"" where comment == 0:
                quoted.toggle()
                current.append(character)
            case "(" where !quoted:
                comment += 1
                current.append(character)
            case ")" where !quoted && comment > 0:
                comment -= 1
                current.append(character)
            case "<" where !quoted && comment == 0:
                angle += 1
                current.append(character)
            case ">" where !quoted && comment == 0 && angle > 0:
                angle -= 1
                current.append(character)
            case "," where !quoted && comment == 0 && angle == 0, ";" where !quoted && comment == 0 && angle == 0:
                entries.append(current)
                current = ""
            case ":" where !quoted && comment == 0 && angle == 0:
                current = ""  // a group's display name
            default:
                current.append(character)
            }
        }
        entries.append(current)
        return entries
    }

    static func mailbox(_ entry: String) -> MailAddress? {
        let trimmed = entry.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { return nil }
        let address: String
        var name: String?
        if let open = trimmed.lastIndex(of: "<"), let close = trimmed[open...].firstIndex(of: ">") {
            address = String(trimmed[trimmed.index(after: open)..<close]).trimmingASCIIWhitespace()
            name = Self.displayName(String(trimmed[..<open]))
        } else {
            let (withoutComments, comment) = Self.removingComments(trimmed)
            address = withoutComments.trimmingASCIIWhitespace()
            name = comment.map(Self.displayName) ?? nil
        }
        // A route (`<@a.example:user@b.example>`) keeps only its mailbox.
        let mailbox = address.split(separator: ":").last.map(String.init) ?? address
        guard Self.isPlausible(mailbox) else { return nil }
        return MailAddress(name: name, address: mailbox)
    }

    static func displayName(_ raw: String) -> String? {
        let (text, _) = Self.removingComments(raw)
        let decoded = EncodedWords.decode(HeaderParameters.unquote(text.trimmingASCIIWhitespace())).trimmingASCIIWhitespace()
        let cleaned = String(decoded.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return cleaned.isEmpty ? nil : cleaned
    }

    static func removingComments(_ text: String) -> (String, String?) {
        var kept = ""
        var comment = ""
        var depth = 0
        var quoted = false
        for character in text {
            if character == "\"" && depth == 0 { quoted.toggle() }
            if character == "(" && !quoted {
                depth += 1
                if depth == 1 { continue }
            }
            if character == ")" && !quoted && depth > 0 {
                depth -= 1
                if depth == 0 { continue }
            }
            if depth > 0 { comment.append(character) } else { kept.append(character) }
        }
        return (kept, comment.isEmpty ? nil : comment)
    }

    /// `local@domain` with nothing that could break a header or a query: no whitespace, controls, angle brackets.
    public static func isPlausible(_ address: String) -> Bool {
        guard address.utf8.count <= 254, let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex
        else { return false }
        return !address.unicodeScalars.contains {
            $0.value <= 0x20 || $0.value == 0x7F || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\""
        }
    }
}

/// Message identifiers (`<id@host>`) in `Message-ID`, `In-Reply-To` and `References`, without their brackets.
public enum MessageIDs {
    public static let maxPerHeader = 100

    public static func list(_ header: String?) -> [String] {
        guard let header else { return [] }
        var ids: [String] = []
        var rest = Substring(header)
        while ids.count < Self.maxPerHeader, let open = rest.firstIndex(of: "<"),
            let close = rest[open...].firstIndex(of: ">")
        {
            let id = rest[rest.index(after: open)..<close].trimmingASCIIWhitespace()
            if !id.isEmpty, id.utf8.count <= 998, !id.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
                ids.append(id)
            }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }
}
