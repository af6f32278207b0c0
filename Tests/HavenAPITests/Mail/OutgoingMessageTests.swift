import Foundation
import HavenCore
import HavenMail
import Testing

/// What Haven sends, checked by independent readers: dkimpy verifies the DKIM signature; Python's e-mail parser reads
/// back exactly the headers Haven meant, whatever a hostile name or subject tried to add.
@Suite struct OutgoingMessageTests {
    /// The `python3` on PATH: the one scripts/test installs dkimpy into.
    static func python(_ arguments: [String], discardOutput: Bool = false) throws -> ChildProcess {
        try ChildProcess("/usr/bin/env", ["python3"] + arguments, discardOutput: discardOutput)
    }

    static var dkimpyInstalled: Bool {
        (try? Self.python(["-c", "import dkim"], discardOutput: true).waitUntilExit()) == 0
    }

    static func message(subject: String, name: String, text: String) -> MessageComposer.Message {
        var m = MessageComposer.Message(
            from: MailAddress(name: "Alpha Support", address: "alpha@support.test"),
            to: [MailAddress(name: name, address: "jane@customer.example")], subject: subject,
            messageID: "reply.1.abc@support.test", date: 1_796_000_000, text: text)
        m.replyTo = MailAddress(name: "Alpha Support", address: "alpha+t.1.xyz@support.test")
        m.inReplyTo = "first@customer.example"
        m.references = ["first@customer.example", "second@customer.example"]
        m.autoSubmitted = "auto-replied"
        return m
    }

    /// Runs Python on `message`: verifies DKIM with the record given directly and prints the parsed headers as JSON.
    static func inspect(_ message: [UInt8], record: String, recordName: String) async throws -> [String: Any] {
        let directory = NSTemporaryDirectory() + "haven-dkim-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(message).write(to: URL(fileURLWithPath: directory + "/message.eml"))
        let script = """
            import base64, dkim, email, json, sys
            from email import policy
            raw = open(sys.argv[1], 'rb').read()
            def dns(name, timeout=5):
                return sys.argv[2].encode() if name.decode().rstrip('.') == sys.argv[3] else None
            ok = dkim.verify(raw, dnsfunc=dns)
            m = email.message_from_bytes(raw, policy=policy.default)
            body = m.get_body(preferencelist=('plain',))
            files = [[p.get_filename(), p.get_content_type(), base64.b64encode(p.get_payload(decode=True)).decode()] for p in m.iter_attachments()]
            print(json.dumps({'dkim': ok, 'headers': [[k, str(v)] for k, v in m.items()], 'body': body.get_content() if body else None,
                              'files': files}))
            """
        let result = try await Self.python(["-c", script, directory + "/message.eml", record, recordName]).finished()
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw ChildProcess.SpawnError(description: "python failed: \(result.stderr)") }
        return object
    }

    @Test(.enabled(if: OutgoingMessageTests.dkimpyInstalled, "needs dkimpy (scripts/test installs it)"))
    func aSignedReply_verifiesWithDkimpy_andReadsBackExactly() async throws {
        let key = try DKIMSigner.generateKey()
        let signer = try DKIMSigner(domain: "support.test", selector: "haven1", privateKeyDER: key)
        let text =
            "Hello Jürgen,\n\n. a line starting with a dot\nFrom the start   \ntrailing spaces   \n" + String(repeating: "long ", count: 40)
        let composed = MessageComposer.compose(Self.message(subject: "Re: Café ☕ order #42", name: "Jürgen Müller", text: text))
        let signed = try signer.sign(composed, at: 1_796_000_000)
        let seen = try await Self.inspect(signed, record: signer.dnsRecord, recordName: signer.recordName)
        #expect(seen["dkim"] as? Bool == true)
        let headers = (seen["headers"] as? [[String]] ?? []).map { ($0[0], $0[1]) }
        #expect(headers.first { $0.0 == "Subject" }?.1 == "Re: Café ☕ order #42")
        #expect(headers.first { $0.0 == "To" }?.1 == "Jürgen Müller <jane@customer.example>")
        #expect(headers.first { $0.0 == "In-Reply-To" }?.1 == "<first@customer.example>")
        #expect(headers.first { $0.0 == "Auto-Submitted" }?.1 == "auto-replied")
        #expect(headers.first { $0.0 == "Date" }?.1 == "Mon, 30 Nov 2026 00:53:20 +0000")
        #expect((seen["body"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == text + "\n")
        // A changed byte in the body or a signed header breaks the signature.
        var tampered = signed
        let index = try #require(Data(signed).range(of: Data("Hello".utf8))).lowerBound
        tampered[index] = UInt8(ascii: "J")
        #expect(try await Self.inspect(tampered, record: signer.dnsRecord, recordName: signer.recordName)["dkim"] as? Bool == false)
    }

    @Test(.enabled(if: OutgoingMessageTests.dkimpyInstalled, "needs dkimpy (scripts/test installs it)"))
    func headerInjection_throughNamesSubjectsAndIDs_isImpossible() async throws {
        let signer = try DKIMSigner(domain: "support.test", selector: "haven1", privateKeyDER: try DKIMSigner.generateKey())
        var message = Self.message(
            subject: "Hi\r\nBcc: victim@evil.example\r\n\r\nInjected body", name: "Eve\"\r\nBcc: all@evil.example", text: "body")
        message.inReplyTo = "x>\r\nBcc: id@evil.example"
        message.references = ["y@z>\nX-Evil: 1"]
        let signed = try signer.sign(MessageComposer.compose(message), at: 1_796_000_000)
        let seen = try await Self.inspect(signed, record: signer.dnsRecord, recordName: signer.recordName)
        #expect(seen["dkim"] as? Bool == true)
        let names = (seen["headers"] as? [[String]] ?? []).map { $0[0].lowercased() }
        #expect(!names.contains("bcc") && !names.contains("x-evil"))
        #expect(Set(names).count == names.count || names.filter { $0 == "to" }.count == 1)
        #expect((seen["body"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) == "body")
    }

    @Test(.enabled(if: OutgoingMessageTests.dkimpyInstalled, "needs dkimpy (scripts/test installs it)"))
    func filesTravelAsAttachments_readBackByteForByte() async throws {
        let signer = try DKIMSigner(domain: "support.test", selector: "haven1", privateKeyDER: try DKIMSigner.generateKey())
        var message = Self.message(subject: "Your invoice", name: "Jane", text: "See the attached files.")
        let binary = (0..<3000).map { UInt8($0 % 256) }
        message.attachments = [
            FileUpload(name: "Rechnung März \"2026\".pdf", contentType: "application/pdf", data: binary),
            FileUpload(name: "notes.txt", contentType: "text/plain", data: Array("--=_haven_x\r\n.\r\nnot a boundary".utf8)),
        ]
        let signed = try signer.sign(MessageComposer.compose(message), at: 1_796_000_000)
        let seen = try await Self.inspect(signed, record: signer.dnsRecord, recordName: signer.recordName)
        #expect(seen["dkim"] as? Bool == true)
        #expect((seen["body"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) == "See the attached files.")
        let files = (seen["files"] as? [[String]]) ?? []
        #expect(files.map { $0[0] } == ["Rechnung März 2026.pdf", "notes.txt"])  // quotes never reach a header
        #expect(files.map { $0[1] } == ["application/pdf", "text/plain"])
        #expect(files.first.flatMap { Data(base64Encoded: $0[2]) }.map(Array.init) == binary)
        #expect(
            files.last.flatMap { Data(base64Encoded: $0[2]) }.map { String(decoding: $0, as: UTF8.self) }
                == "--=_haven_x\r\n.\r\nnot a boundary")
    }

    @Test func quotedPrintable_andFolding_keepEveryLineShort() {
        let text = String(repeating: "é", count: 200) + "\n" + String(repeating: "a", count: 500)
        var message = Self.message(subject: String(repeating: "Überschrift ", count: 20), name: "N", text: text)
        message.references = (0..<30).map { "ref\($0).\(UUID().uuidString)@customer.example" }
        let bytes = MessageComposer.compose(message)
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.filter { !$0.hasPrefix("References:") && !$0.hasPrefix(" <") }.allSatisfy { $0.utf8.count <= 78 })
        #expect(!bytes.contains(0) && bytes.allSatisfy { $0 < 0x80 })
    }
}
