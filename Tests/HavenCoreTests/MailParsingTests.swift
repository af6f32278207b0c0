import Foundation
import HavenMail
import Testing

/// Inbound mail as real mailers write it, and as broken and hostile senders write it: every message is read as far
/// as it goes, never crashes, and never lets markup or control characters through.
@Suite struct MailParsingTests {
    static func mail(_ text: String) -> ParsedMail {
        ParsedMail(parsing: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    @Test func aPlainMessage_withFoldedHeadersAndEncodedWords() {
        let mail = Self.mail(
            """
            From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@kunde.example>
            To: "Support, Acme" <support@acme.example>, other@acme.example
            Cc: undisclosed-recipients:;
            Subject: =?iso-8859-1?q?Caf=E9_?=
             =?utf-8?q?bestellung_=E2=82=AC?= kaputt
            Message-ID: <abc.123@kunde.example>
            In-Reply-To: <out-1@haven>
            References: <first@haven>
              <out-1@haven>

            Hallo,
            bitte helfen.
            """)
        #expect(mail.from == MailAddress(name: "Jürgen Müller", address: "juergen@kunde.example"))
        #expect(mail.to.map(\.address) == ["support@acme.example", "other@acme.example"])
        #expect(mail.to.first?.name == "Support, Acme")
        #expect(mail.cc.isEmpty)
        // "_" inside the first word is its trailing space; the folding whitespace between the words goes.
        #expect(mail.subject == "Café bestellung € kaputt")
        #expect(mail.messageID == "abc.123@kunde.example")
        #expect(mail.inReplyTo == ["out-1@haven"])
        #expect(mail.references == ["first@haven", "out-1@haven"])
        #expect(mail.text == "Hallo,\r\nbitte helfen.".replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(mail.attachments.isEmpty && mail.notes.isEmpty)
        #expect(!mail.isAutoSubmitted && !mail.isBounce)
    }

    @Test func multipartAlternative_prefersPlainText_andKeepsAttachments() {
        let mail = Self.mail(
            """
            From: a@b.example
            Subject: files
            Content-Type: multipart/mixed; boundary="outer"

            preamble to ignore
            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain; charset=iso-8859-15
            Content-Transfer-Encoding: quoted-printable

            Prix: 10 =A4, tr=E8s =
            bien
            --inner
            Content-Type: text/html; charset=utf-8

            <p>Prix: 10 &euro;</p>
            --inner--
            --outer
            Content-Type: application/pdf; name="ignored.pdf"
            Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf
            Content-Transfer-Encoding: base64

            JVBERi0x
            LjQK
            --outer
            Content-Type: message/rfc822

            From: x@y.example
            Subject: forwarded

            inner body
            --outer--
            epilogue
            """)
        #expect(mail.text == "Prix: 10 €, très bien")
        #expect(mail.attachments.count == 2)
        #expect(mail.attachments[0] == .init(filename: "résumé.pdf", contentType: "application/pdf", data: Array("%PDF-1.4\n".utf8)))
        #expect(mail.attachments[1].filename == "forwarded-message.eml")
        #expect(mail.attachments[1].contentType == "message/rfc822")
        #expect(String(decoding: mail.attachments[1].data, as: UTF8.self).contains("inner body"))
    }

    @Test func htmlOnly_isReducedToText_withoutScriptsStylesOrMarkup() {
        let mail = Self.mail(
            """
            From: a@b.example
            Content-Type: text/html; charset=windows-1252
            Content-Transfer-Encoding: quoted-printable

            <html><head><title>t</title><style>p{color:red}</style></head><body>
            <p>Hello <b>there</b> &amp; =93welcome=94</p><script>alert(1)</script>
            <!-- secret --><div>Line<br>two &#x1F600; &lt;img src=3Dx onerror=3Dalert(1)&gt;</div>
            <SCRIPT type=3D"x">document.cookie</SCRIPT><iframe src=3D"evil"></iframe>End
            </body></html>
            """)
        #expect(!mail.text.contains("alert(1)</") && !mail.text.contains("document.cookie") && !mail.text.contains("secret"))
        #expect(!mail.text.contains("color:red") && !mail.text.contains("<b>") && !mail.text.contains("<p>"))
        #expect(mail.text.contains("Hello there & “welcome”"))
        #expect(mail.text.contains("Line\ntwo 😀 <img src=x onerror=alert(1)>"))
        #expect(mail.text.hasSuffix("End"))
    }

    @Test func rfc2231Continuations_andEncodedWordsInFilenames() {
        let mail = Self.mail(
            """
            From: a@b.example
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            body
            --b
            Content-Type: application/octet-stream
            Content-Disposition: attachment;
             filename*0*=UTF-8''Gr%C3%BC%C3%9Fe;
             filename*1="-report";
             filename*2=".txt"

            data
            --b
            Content-Type: image/png; name="=?UTF-8?B?w7xiZXIucG5n?="

            png
            --b
            Content-Type: text/plain
            Content-Disposition: attachment; filename="../../etc/passwd"

            root
            --b--
            """)
        #expect(mail.attachments.map(\.filename) == ["Grüße-report.txt", "über.png", "passwd"])
        #expect(mail.text == "body")
    }

    @Test func unknownCharsets_nulBytes_andControlCharacters_areReadSafely() {
        let raw: [UInt8] =
            Array("From: a@b.example\r\nSubject: bad\u{1}\u{7}\r\n\tline\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n".utf8)
            + [0x48, 0x69, 0x00, 0xE9, 0x0D, 0x0A, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x21]
        let mail = ParsedMail(parsing: raw)
        #expect(mail.subject == "bad \tline" || mail.subject == "bad\tline")
        #expect(!mail.text.contains("\u{0}") && !mail.text.contains("\u{1B}"))
        #expect(mail.text.hasPrefix("Hié"))
        #expect(mail.notes.contains { $0.contains("unknown charset (x-klingon)") })
    }

    @Test func brokenStructure_isReadAsFarAsItGoes() {
        // No closing boundary, a boundary that never appears, and a missing boundary parameter.
        let unclosed = Self.mail(
            """
            From: a@b.example
            Content-Type: multipart/mixed; boundary=zz

            --zz
            Content-Type: text/plain

            first part, never closed
            """)
        #expect(unclosed.text == "first part, never closed")
        let absent = Self.mail(
            """
            From: a@b.example
            Content-Type: multipart/mixed; boundary=nothere

            just text
            """)
        #expect(absent.text.isEmpty && absent.notes.contains { $0.contains("none of its boundaries") })
        let noBoundary = Self.mail("From: a@b.example\nContent-Type: multipart/mixed\n\nplain words")
        #expect(noBoundary.text == "plain words")
        // No header/body separator at all, and an empty message.
        #expect(ParsedMail(parsing: Array("Subject: only headers".utf8)).subject == "only headers")
        #expect(ParsedMail(parsing: []).text.isEmpty)
        // Garbage bytes.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<Int.random(in: 0...3000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = ParsedMail(parsing: Array("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n".utf8) + bytes)
        }
    }

    @Test func tenThousandParts_andDeepNesting_areBounded() {
        var text = "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n"
        for index in 0..<10_000 { text += "--p\r\nContent-Type: application/octet-stream; name=f\(index).bin\r\n\r\nx\r\n" }
        text += "--p--\r\n"
        let many = ParsedMail(parsing: Array(text.utf8))
        #expect(many.attachments.count == ParsedMail.Limits().maxAttachments)
        #expect(many.notes.contains { $0.contains("more than 200 parts") })
        var nested = "From: a@b.example\r\n"
        for depth in 0..<50 { nested += "Content-Type: multipart/mixed; boundary=d\(depth)\r\n\r\n--d\(depth)\r\n" }
        nested += "Content-Type: text/plain\r\n\r\ndeep\r\n"
        let deep = ParsedMail(parsing: Array(nested.utf8))
        #expect(deep.notes.contains { $0.contains("nested deeper") })
        #expect(!deep.text.contains("deep"))
    }

    @Test func oversizedAttachments_areLeftOut_andSaidSo() {
        let big = String(repeating: "QUFB", count: 1000)  // 3,000 bytes decoded
        let mail = ParsedMail(
            parsing: Array(
                "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhi\r\n--b\r\nContent-Type: application/zip; name=big.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n\(big)\r\n--b--\r\n"
                    .utf8),
            limits: ParsedMail.Limits(maxAttachmentBytes: 2_000))
        #expect(mail.attachments.isEmpty)
        #expect(mail.notes == ["the attachment \"big.zip\" (3000 bytes) is larger than 2000 bytes and was not kept"])
    }

    @Test func autoRepliesAndBounces_areRecognised() {
        #expect(Self.mail("From: a@b.example\nAuto-Submitted: auto-replied\n\naway").isAutoSubmitted)
        #expect(!Self.mail("From: a@b.example\nAuto-Submitted: no\n\nhi").isAutoSubmitted)
        #expect(Self.mail("From: a@b.example\nPrecedence: bulk\n\nnews").isAutoSubmitted)
        #expect(Self.mail("From: a@b.example\nList-Id: <list.example>\n\nnews").isAutoSubmitted)
        #expect(Self.mail("From: MAILER-DAEMON@mx.example\n\nfailed").isBounce)
        #expect(
            Self.mail("From: x@mx.example\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\n\n--r\n\nfailed\n--r--")
                .isBounce)
    }

    @Test func headerInjectionInNamesAndSubjects_leavesNoLineBreaks() {
        let mail = Self.mail(
            "From: =?utf-8?q?Eve=0D=0ABcc=3A_all=40x.example?= <eve@x.example>\nSubject: =?utf-8?q?hi=0D=0ABcc=3A_x=40y?=\n\nbody")
        #expect(mail.subject == "hi Bcc: x@y")
        #expect(!mail.subject.contains("\r") && !mail.subject.contains("\n"))
        #expect(mail.from?.name?.contains("\n") == false && mail.from?.name?.contains("\r") == false)
        #expect(mail.from?.address == "eve@x.example")
    }

    @Test func addressLists_withCommentsQuotesAndGarbage() {
        let list = MailAddress.list(
            #""Doe, \"JD\" Jane" <jane@x.example>, bob@y.example (Bob B), <@relay.example:carol@z.example>, not-an-address, "x" <bad addr@q.example>"#
        )
        #expect(list.map(\.address) == ["jane@x.example", "bob@y.example", "carol@z.example"])
        #expect(list.map(\.name) == [#"Doe, "JD" Jane"#, "Bob B", nil])
        #expect(MessageIDs.list("<a@b> junk <c@d>\t<>") == ["a@b", "c@d"])
    }
}
