public import HavenCore

/// Parses Freshdesk's search language (freshdesk-api-v2.md §9): the whole query in double quotes, at most 512
/// characters inside; `field:value`, `field:>value` (≥), `field:<value` (≤); values are integers, `true`,
/// `false`, `null` or 'single-quoted strings'; `AND` binds tighter than `OR`; parentheses group. Every syntax error
/// is a 400 on the field `query` saying what was expected where.
public struct SearchQueryParser {
    static let maxLength = 512

    enum Token: Equatable {
        case word(String)
        case string(String)
        case colon
        case greater
        case less
        case open
        case close
    }

    public static func parse(_ raw: String) throws(HavenError) -> SearchExpression {
        let trimmed = raw.trimmingWhitespace()
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else {
            throw Self.error("The query must be enclosed in double quotes")
        }
        let inner = String(trimmed.dropFirst().dropLast())
        guard inner.count <= Self.maxLength else {
            throw Self.error("The query can have at most \(Self.maxLength) characters")
        }
        guard !inner.trimmingWhitespace().isEmpty else { throw Self.error("The query is empty") }
        var parser = SearchQueryParser(tokens: try Self.tokenize(inner))
        let expression = try parser.parseOr(depth: 0)
        guard parser.position == parser.tokens.count else {
            throw Self.error("Expected AND or OR between conditions")
        }
        return expression
    }

    static func error(_ message: String) -> HavenError {
        .validation([FieldError(field: "query", message: message, code: .invalidValue)])
    }

    static func tokenize(_ text: String) throws(HavenError) -> [Token] {
        var tokens: [Token] = []
        var characters = Array(text)[...]
        while let character = characters.first {
            switch character {
            case " ", "\t", "\n", "\r":
                characters = characters.dropFirst()
            case ":":
                tokens.append(.colon)
                characters = characters.dropFirst()
            case ">":
                tokens.append(.greater)
                characters = characters.dropFirst()
            case "<":
                tokens.append(.less)
                characters = characters.dropFirst()
            case "(":
                tokens.append(.open)
                characters = characters.dropFirst()
            case ")":
                tokens.append(.close)
                characters = characters.dropFirst()
            case "'":
                characters = characters.dropFirst()
                guard let end = characters.firstIndex(of: "'") else { throw Self.error("A quoted value is not closed") }
                tokens.append(.string(String(characters[characters.startIndex..<end])))
                characters = characters[characters.index(after: end)...]
            default:
                var word = ""
                while let next = characters.first, !" \t\n\r:><()'".contains(next) {
                    word.append(next)
                    characters = characters.dropFirst()
                }
                guard !word.isEmpty else { throw Self.error("Unexpected character '\(character)'") }
                tokens.append(.word(word))
            }
        }
        return tokens
    }

    let tokens: [Token]
    var position = 0

    private var current: Token? { self.position < self.tokens.count ? self.tokens[self.position] : nil }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = self.current, word.uppercased() == keyword { return true }
        return false
    }

    mutating func parseOr(depth: Int) throws(HavenError) -> SearchExpression {
        guard depth < 32 else { throw Self.error("Parentheses are nested too deeply") }
        var left = try self.parseAnd(depth: depth)
        while self.isKeyword("OR") {
            self.position += 1
            left = .or(left, try self.parseAnd(depth: depth))
        }
        return left
    }

    mutating func parseAnd(depth: Int) throws(HavenError) -> SearchExpression {
        var left = try self.parseFactor(depth: depth)
        while self.isKeyword("AND") {
            self.position += 1
            left = .and(left, try self.parseFactor(depth: depth))
        }
        return left
    }

    mutating func parseFactor(depth: Int) throws(HavenError) -> SearchExpression {
        switch self.current {
        case .open:
            self.position += 1
            let inner = try self.parseOr(depth: depth + 1)
            guard self.current == .close else { throw Self.error("A parenthesis is not closed") }
            self.position += 1
            return inner
        case .word(let field):
            guard field.uppercased() != "AND", field.uppercased() != "OR" else {
                throw Self.error("Expected a condition before \(field.uppercased())")
            }
            self.position += 1
            guard self.current == .colon else { throw Self.error("Expected ':' after \(field)") }
            self.position += 1
            var op = SearchCondition.Operator.equals
            if self.current == .greater {
                op = .atLeast
                self.position += 1
            } else if self.current == .less {
                op = .atMost
                self.position += 1
            }
            let value: SearchValue
            switch self.current {
            case .string(let text):
                value = .string(text)
            case .word(let word):
                switch word.lowercased() {
                case "true": value = .boolean(true)
                case "false": value = .boolean(false)
                case "null": value = .null
                default:
                    guard let number = Int64(word) else {
                        throw Self.error("The value for \(field) must be a number, true, false, null or a 'quoted string'")
                    }
                    value = .integer(number)
                }
            default:
                throw Self.error("Expected a value after \(field):")
            }
            self.position += 1
            return .condition(SearchCondition(field: field.lowercased(), op: op, value: value))
        default:
            throw Self.error("Expected a condition such as priority:3")
        }
    }
}
