import HavenCore
import Testing

/// Canned responses' placeholders: known names filled with escaped values; unknown names, unclosed braces and
/// anything that is not a name (markup, expressions) refused by name when the response is saved.
@Suite struct CannedPlaceholdersTests {
    @Test func knownPlaceholders_areFilled_withEscapedValues() {
        let html = "<p>Hi {{ticket.requester.name}}, about #{{ ticket.id }} ({{ticket.subject}}) — {{helpdesk_name}}</p>"
        #expect(CannedPlaceholders.problems(in: html) == [])
        let values = [
            "ticket.requester.name": "Ann <script>alert(1)</script>", "ticket.id": "42", "ticket.subject": "A & B \"quoted\"",
            "helpdesk_name": "O'Brien's help",
        ]
        #expect(
            CannedPlaceholders.render(html, values: values)
                == "<p>Hi Ann &lt;script&gt;alert(1)&lt;/script&gt;, about #42 (A &amp; B &quot;quoted&quot;) — O&#39;Brien&#39;s help</p>")
        #expect(CannedPlaceholders.render("{{ticket.agent.name}}!", values: [:]) == "!", "a placeholder without a value is empty")
        #expect(CannedPlaceholders.render("No placeholders at all", values: values) == "No placeholders at all")
    }

    @Test(arguments: [
        ("{{ticket.requester.phone}}", "Unknown placeholder {{ticket.requester.phone}}"),
        ("Hello {{ticket.requester.name", "unclosed"),
        ("{{<img src=x onerror=alert(1)>}}", "holds only a name"),
        ("{{ticket.subject | upcase}}", "holds only a name"),
        ("{{}}", "holds only a name"),
    ])
    func badPlaceholders_areNamed(_ html: String, _ expected: String) {
        let problems = CannedPlaceholders.problems(in: html)
        #expect(problems.count == 1 && problems[0].contains(expected), "\(problems)")
    }
}
