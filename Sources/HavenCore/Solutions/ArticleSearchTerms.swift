/// Turns what someone typed (a search box, a new ticket's subject) into a word query for the articles' index: the
/// words only — letters and digits, never the index's own operators — each matched as a word or a word's start,
/// any of them (the index ranks articles matching more and rarer words first).
public enum ArticleSearchTerms {
    /// Words beyond this many are ignored (a pasted paragraph is not a query).
    public static let maxWords = 12

    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var seen = Set<String>()
        return Array(words.filter { seen.insert($0).inserted }.prefix(self.maxWords))
    }

    /// The FTS5 query (SQLite), or nil when nothing searchable was typed.
    public static func query(_ text: String) -> String? {
        let words = self.words(text)
        guard !words.isEmpty else { return nil }
        return self.fts5(words)
    }

    /// SQLite's FTS5 form of `words`: each a quoted word or word start, any of them.
    public static func fts5(_ words: [String]) -> String {
        words.map { "\"\($0)\"*" }.joined(separator: " OR ")
    }

    /// PostgreSQL's `to_tsquery` form of `words`: each quoted (so nothing in it is an operator), as a prefix, any
    /// of them.
    public static func tsquery(_ words: [String]) -> String {
        words.map { "'\($0)':*" }.joined(separator: " | ")
    }
}
