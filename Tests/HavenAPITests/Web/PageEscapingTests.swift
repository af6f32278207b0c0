import Foundation
import HavenCore
import Testing

@testable import HavenWeb

/// Every `{{ }}` in every page, layout and partial goes through Haven's own escaping, and it escapes exactly what the
/// template library's HTML type does.
@Suite struct PageEscapingTests {
    /// The library's rule, character by character: the reference the byte-wise escaping must equal.
    static func reference(_ text: String) -> String {
        let replacements: [Character: String] = ["<": "&lt;", ">": "&gt;", "&": "&amp;", "\"": "&quot;", "'": "&#39;"]
        return text.map { replacements[$0] ?? String($0) }.joined()
    }

    @Test func escaping_equalsTheLibrarysRule_onMarkupAndEveryScript() {
        let corpus = [
            "", "plain words", "<script>alert('x')</script>", "\"><img src=x onerror=alert(1)>", "a & b && c",
            "Zoë's café — 東京 <b>", "emoji 👩🏽‍💻 & flags 🇩🇪", "&amp; already", "'", "\u{0}<\u{7F}>", "e\u{301}<",
            String(repeating: "<&>", count: 1_000),
        ]
        for text in corpus {
            #expect(FastHTMLContentType.escape(text) == Self.reference(text), "\(text.prefix(40))")
        }
    }

    @Test func everyTemplate_escapesThroughLayoutBlocksPartialsAndSections() throws {
        let pages = try Pages()
        let hostile = "<script>alert('x')</script>\"&"
        let html = pages.render(
            "tickets",
            [
                "title": hostile, "q": hostile, "prefix": "", "page": "1", "per_page": "30",
                "ticket_rows": TicketRowsHTML.html(
                    [.init(id: TicketID(1), subject: hostile, requester: hostile, status: .open, priority: .low, updated: hostile)],
                    prefix: ""),
                "views": [["href": "/tickets?view=all", "label": hostile, "current": true]],
                "previous": "/tickets?page=1&q=" + hostile,
            ])
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("CONTENT_TYPE"))
        let escaped = Self.reference(hostile)
        // The search box (page block), the row's subject, requester and time (written by `TicketRowsHTML`), the view
        // link (section) and the pager (partial).
        #expect(html.components(separatedBy: escaped).count >= 7)
        #expect(html.contains("<a href=\"/tickets/1\">\(escaped)</a>"))
    }

    /// `{{{ }}}` and `{{& }}` insert without escaping: the ticket rows (written by `TicketRowsHTML`, which escapes
    /// each value) and a help article's body (written by `SafeHTML`) are the only such insertions in any template.
    @Test func theOnlyUnescapedInsertions_areTheTicketRowsAndArticleBodies() {
        for (name, text) in PageTemplates.all {
            let raw = text.components(separatedBy: "{{{").count - 1 + text.components(separatedBy: "{{&").count - 1
            if name == "tickets" {
                #expect(raw == 1 && text.contains("{{{ticket_rows}}}"))
            } else if name == "help_article" {
                #expect(raw == 1 && text.contains("{{{article_html}}}"))
            } else {
                #expect(raw == 0, "\(name) inserts something unescaped")
            }
        }
        let empty = TicketRowsHTML.html([], prefix: "/console")
        #expect(empty.contains("No tickets here."))
    }

    @Test func anEmptyText_isFalseToASection_andTrueToItsInverse() throws {
        let pages = try Pages()
        let html = pages.render("company_trashed", ["id": "1", "name": "Acme", "domains": "", "deleted": "today"])
        #expect(!html.contains("domains"), "an empty value opens no section")
        let shown = pages.render("company_trashed", ["id": "1", "name": "Acme", "domains": "acme.example", "deleted": "today"])
        #expect(shown.contains("domains acme.example"))
    }
}
