import HavenCore
import Testing

/// Article HTML as the portal shows it: formatting kept, everything active or styled dropped, links only to places
/// that cannot run code, text re-escaped and elements balanced so nothing leaks out of the article's box.
@Suite struct SafeHTMLTests {
    @Test func formatting_isKept_andAttributesDropped() {
        let html =
            #"<h2 class="x" style="color:red">Reset</h2><p onclick="steal()">Press <strong>Reset</strong> &amp; wait.</p><ul><li>One</li><li>Two</li></ul>"#
        #expect(SafeHTML.sanitize(html) == "<h2>Reset</h2><p>Press <strong>Reset</strong> &amp; wait.</p><ul><li>One</li><li>Two</li></ul>")
    }

    @Test func scriptsStylesFramesAndForms_areRemovedWithTheirContent() {
        let html = "<p>a</p><script>alert('x')</script><style>p{}</style><iframe src=//evil></iframe><form><input name=p></form><p>b</p>"
        #expect(SafeHTML.sanitize(html) == "<p>a</p><p>b</p>")
        #expect(SafeHTML.sanitize("<SCRIPT>alert(1)</SCRIPT>ok") == "ok")
        #expect(SafeHTML.sanitize("<img src=x onerror=alert(1)>text<!-- <script> -->") == "text")
        #expect(SafeHTML.sanitize("<svg><script>alert(1)</script></svg>after") == "after")
    }

    @Test func links_onlyToSafePlaces() {
        #expect(
            SafeHTML.sanitize(#"<a href="https://example.com/a?b=1&amp;c=2" target=_blank>x</a>"#)
                == #"<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">x</a>"#)
        #expect(SafeHTML.sanitize(#"<a href="/support/articles/3">y</a>"#).contains(#"href="/support/articles/3""#))
        for bad in [
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x09;ascript:alert(1)", "data:text/html,<script>", "//evil.example/",
            "vbscript:x",
        ] {
            #expect(SafeHTML.sanitize("<a href=\"\(bad)\">z</a>") == "<a>z</a>", "\(bad)")
        }
        #expect(SafeHTML.sanitize("<a href='mailto:help@example.com'>m</a>").contains("mailto:help@example.com"))
    }

    @Test func textIsEscaped_andElementsBalanced() {
        #expect(SafeHTML.sanitize("1 < 2 > 0 \"q\"") == "1 &lt; 2 &gt; 0 &quot;q&quot;")
        #expect(SafeHTML.sanitize("<p><strong>open") == "<p><strong>open</strong></p>")
        #expect(SafeHTML.sanitize("</div></p>stray<b>x</p>y") == "stray<b>xy</b>")
        #expect(SafeHTML.sanitize("<p>a<em>b</p>c") == "<p>a<em>b</em></p>c", "closing an outer element closes the inner ones")
        #expect(SafeHTML.sanitize("<p>unclosed <a href=\"https://x") == "<p>unclosed </p>", "an unfinished tag is dropped")
        #expect(SafeHTML.sanitize("&lt;script&gt;") == "&lt;script&gt;", "escaped markup stays text")
    }
}
