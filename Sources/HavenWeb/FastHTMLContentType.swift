import HavenCore
import Mustache

/// The escaping every `{{ }}` in Haven's pages goes through: `HTMLText.escape`, the same five characters as the template
/// library's own HTML type (`< > & " '`) decided over UTF-8 bytes. The library's type walks `Character`s and hashes
/// each into a dictionary, which was the largest single cost of rendering a list page. Every template names it in its
/// first token (see `Pages`).
struct FastHTMLContentType: MustacheContentType {
    static let name = "HAVEN_HTML"

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        HTMLText.escape(text)
    }
}
