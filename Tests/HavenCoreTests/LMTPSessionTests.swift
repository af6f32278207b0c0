import HavenMail
import Testing

/// The LMTP conversation without a socket: command order, per-recipient answers, pipelining, dot-stuffing and size.
@Suite struct LMTPSessionTests {
    static func conversation(limit: Int = 1_000) -> LMTPConversation {
        LMTPConversation(session: LMTPSession(hostname: "mx.test", maxMessageBytes: limit))
    }

    /// Feeds `input` and runs steps until more bytes are needed, answering recipient checks with `verdict`.
    static func run(
        _ c: inout LMTPConversation, _ input: String, verdict: (String) -> LMTPSession.Verdict = { _ in .accepted }
    ) -> [LMTPConversation.Step] {
        c.append(Array(input.utf8))
        var steps: [LMTPConversation.Step] = []
        while true {
            let step = c.next()
            if step == .needBytes { return steps }
            steps.append(step)
            if case .checkRecipient(let address) = step {
                steps.append(.reply(c.session.recipient(address, verdict: verdict(address))))
            }
            if case .deliver = step { c.delivered() }
            if case .close = step { return steps }
        }
    }

    @Test func aWholeTransaction_pipelined_inOneWrite() {
        var c = Self.conversation()
        let steps = Self.run(
            &c,
            "LHLO mta.test\r\nMAIL FROM:<a@x.test> SIZE=20 BODY=8BITMIME\r\nRCPT TO:<s@h.test>\r\nRCPT TO:<nobody@h.test>\r\nDATA\r\n"
                + "Subject: hi\r\n\r\n..dotted\r\n.\r\nQUIT\r\n",
            verdict: { $0.hasPrefix("nobody") ? .unknown : .accepted })
        #expect(steps.count == 9)
        #expect(steps[0] == .reply("250-mx.test\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 SIZE 1000"))
        #expect(steps[1] == .reply("250 2.1.0 Sender OK"))
        #expect(steps[3] == .reply("250 2.1.5 Recipient OK"))
        #expect(steps[5] == .reply("550 5.1.1 No such mailbox here"))
        #expect(steps[6] == .reply("354 Start mail input; end with <CRLF>.<CRLF>"))
        #expect(
            steps[7]
                == .deliver(
                    LMTPSession.Envelope(sender: "a@x.test", recipients: ["s@h.test"]), Array("Subject: hi\r\n\r\n.dotted\r\n".utf8),
                    tooLarge: false))
        #expect(steps[8] == .close("221 2.0.0 mx.test closing connection"))
    }

    @Test func commandsOutOfOrder_areRefused_withTheRightCodes() {
        var c = Self.conversation()
        #expect(Self.run(&c, "MAIL FROM:<a@x.test>\r\n") == [.reply("503 5.5.1 Say LHLO first")])
        #expect(Self.run(&c, "EHLO x\r\n") == [.reply("500 5.5.1 This is LMTP: say LHLO")])
        #expect(Self.run(&c, "LHLO\r\n") == [.reply("501 5.5.4 LHLO needs a host name")])
        _ = Self.run(&c, "LHLO x\r\n")
        #expect(Self.run(&c, "RCPT TO:<s@h.test>\r\n") == [.reply("503 5.5.1 Say MAIL FROM first")])
        #expect(Self.run(&c, "DATA\r\n") == [.reply("503 5.5.1 Say MAIL FROM first")])
        #expect(Self.run(&c, "MAIL FROM:a@x.test\r\n") == [.reply("501 5.5.4 Write MAIL FROM:<address>")])
        #expect(Self.run(&c, "MAIL FROM:<a b@x>\r\n") == [.reply("553 5.1.7 The sender address is not valid")])
        #expect(Self.run(&c, "MAIL FROM:<> SIZE=5000\r\n") == [.reply("552 5.3.4 The message is larger than 1000 bytes")])
        #expect(Self.run(&c, "MAIL FROM:<>\r\n") == [.reply("250 2.1.0 Sender OK")])
        #expect(Self.run(&c, "MAIL FROM:<>\r\n") == [.reply("503 5.5.1 A transaction is already open")])
        #expect(Self.run(&c, "DATA\r\n") == [.reply("503 5.5.1 No valid recipients")])
        #expect(Self.run(&c, "RCPT TO:<>\r\n") == [.reply("501 5.5.4 Write RCPT TO:<address>")])
        #expect(Self.run(&c, "RCPT TO:<x\r\ny@h>\r\n").first == .reply("501 5.5.4 Write RCPT TO:<address>"))
        #expect(
            Self.run(&c, "RSET\r\nNOOP\r\nVRFY x\r\nSTARTTLS\r\nFOO\r\n") == [
                .reply("250 2.0.0 OK"), .reply("250 2.0.0 OK"), .reply("252 2.5.0 Not verifying addresses"),
                .reply("502 5.5.1 Not offered on this listener"), .reply("500 5.5.2 Command not recognized"),
            ])
    }

    @Test func aTemporaryLookupFailure_isA4xx() {
        var c = Self.conversation()
        let steps = Self.run(&c, "LHLO x\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<s@h.test>\r\n", verdict: { _ in .temporaryFailure })
        #expect(steps.last == .reply("451 4.3.0 Cannot check the recipient now, try again later"))
    }

    @Test func dataArrivingInPieces_andBareLineFeeds() {
        var c = Self.conversation()
        _ = Self.run(&c, "LHLO x\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<s@h.test>\r\nDATA\r\n")
        var delivered: [UInt8]?
        for piece in ["Subj", "ect: a\r\n\r\nline\r", "\n.", ".x\n", ".", "\r", "\n"] {
            for step in Self.run(&c, piece) {
                if case .deliver(_, let message, _) = step { delivered = message }
            }
        }
        #expect(delivered == Array("Subject: a\r\n\r\nline\r\n.x\n".utf8))
    }

    @Test func anOversizedMessage_isReadToItsEnd_keepsOnlyTheLimit_andIsMarked() {
        var c = Self.conversation(limit: 100)
        _ = Self.run(&c, "LHLO x\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<s@h.test>\r\nDATA\r\n")
        var result: LMTPConversation.Step?
        for _ in 0..<1_000 {
            for step in Self.run(&c, String(repeating: "y", count: 998) + "\r\n") { result = step }
        }
        #expect(result == nil)
        let steps = Self.run(&c, ".\r\nNOOP\r\n")
        guard case .deliver(_, let message, let tooLarge) = steps.first else {
            Issue.record("no delivery")
            return
        }
        #expect(tooLarge && message.count == 100)
        #expect(steps.last == .reply("250 2.0.0 OK"))
    }

    @Test func anEndlessCommandLine_closesTheConnection() {
        var c = Self.conversation()
        #expect(Self.run(&c, String(repeating: "A", count: 5_000)) == [.close("500 5.5.2 Line too long")])
    }
}
