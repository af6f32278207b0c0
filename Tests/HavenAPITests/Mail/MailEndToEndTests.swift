import Foundation
import HTTPTypes
import HavenCore
import HavenServer
import Testing

extension TimingSensitive {
    /// Real mail through a real Postfix into Haven over LMTP, read back through the API as a Freshdesk client would.
    @Suite(.enabled(if: PostfixInstance.isInstalled, "needs Debian's postfix (scripts/test installs it)"))
    struct MailEndToEndTests {
        static let domain = "support.test"

        /// Polls the API until `check` holds (Postfix hands mail over within a second or two).
        static func eventually<T>(
            _ what: String, _ postfix: PostfixInstance, timeout: Double = 20, _ check: () async throws -> T?
        ) async throws -> T {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let value = try await check() { return value }
                try await Task.sleep(for: .milliseconds(200))
            }
            Issue.record("\(what) did not happen; Postfix log:\n\(postfix.log)")
            throw HavenError.notFound
        }

        @Test func mailThroughPostfix_opensATicket_withItsFileSealed_theReplyThreads_andStrangersAreRefused() async throws {
            let lmtp = FreePort.next()
            let configure: @Sendable (inout ServerConfiguration) -> Void = { $0.mail.lmtpPort = lmtp }
            try await TestServer.start(mailDomain: Self.domain, configure: configure) { server, client in
                let postfix = try await PostfixInstance.start(lmtpPort: lmtp, domain: Self.domain)
                do {
                    let key = server.tenants[0].apiKey
                    let marker = "Passport-Marker-\(UUID().uuidString.prefix(8))"
                    let file = postfix.directory + "/scan.pdf"
                    try Data("%PDF-1.4 \(marker)".utf8).write(to: URL(fileURLWithPath: file))
                    _ = try await postfix.send([
                        "--from", "jane@customer.example", "--to", "alpha@\(Self.domain)", "--header", "Subject: Lost my passport",
                        "--header", "Message-Id: <first.\(marker)@customer.example>", "--header", "From: Jane Roe <jane@customer.example>",
                        "--body", "Please find the scan attached.", "--attach-type", "application/pdf", "--attach-name", "scan.pdf",
                        "--attach", "@\(file)",
                    ])
                    let ticket = try await Self.eventually("the ticket", postfix) { () -> JSONObject? in
                        let list = try await client.call(.get, "/api/v2/tickets?include=requester", key: key)
                        return list.array?.first?.objectValue
                    }
                    let id = try #require(ticket.int("id"))
                    #expect(ticket.string("subject") == "Lost my passport")
                    #expect(ticket.int("source") == 1)
                    #expect(ticket["requester"]?.objectValue?.string("email") == "jane@customer.example")
                    let viewed = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
                    let files = try #require(viewed.object?["attachments"]?.arrayValue)
                    #expect(files.count == 1)
                    let attachment = try #require(files.first?.objectValue)
                    #expect(attachment.string("name") == "scan.pdf" && attachment.string("content_type") == "application/pdf")
                    let url = try #require(attachment.string("attachment_url"))
                    let path = String(url[try #require(url.range(of: "/api/v2/")).lowerBound...])
                    let download = try await client.call(.get, path, key: key)
                    #expect(download.status == 200 && download.text == "%PDF-1.4 \(marker)")
                    #expect(download.header("Content-Disposition") == "attachment; filename=\"scan.pdf\"")
                    #expect(try await client.call(.get, path, key: nil).status == 401)

                    // The customer answers in the same thread.
                    _ = try await postfix.send([
                        "--from", "jane@customer.example", "--to", "alpha@\(Self.domain)", "--header", "Subject: Re: Lost my passport",
                        "--header", "In-Reply-To: <first.\(marker)@customer.example>", "--body", "Any news?",
                    ])
                    let reply = try await Self.eventually("the threaded reply", postfix) { () -> JSONObject? in
                        let thread = try await client.call(.get, "/api/v2/tickets/\(id)/conversations", key: key)
                        return thread.array?.first?.objectValue
                    }
                    #expect(reply.string("body_text") == "Any news?" && reply["incoming"] == .bool(true))
                    #expect(try await client.call(.get, "/api/v2/tickets", key: key).array?.count == 1)

                    // Mail to an address Haven does not have is refused for good: Postfix bounces it, no ticket.
                    _ = try await postfix.send(["--from", "x@customer.example", "--to", "nobody@\(Self.domain)", "--body", "hello?"])
                    _ = try await Self.eventually("the refusal", postfix) { () -> Bool? in
                        postfix.log.contains("said: 550 5.1.1 No such mailbox here") ? true : nil
                    }
                    #expect(try await client.call(.get, "/api/v2/tickets", key: key).array?.count == 1)

                    // Nothing of the file or the text is on disk in clear.
                    #expect(try DataFiles.plaintext([marker, "Please find the scan"], under: server.directory).isEmpty)
                } catch {
                    await postfix.stop()
                    throw error
                }
                await postfix.stop()
            }
        }

        /// `haven serve` killed with SIGKILL while Postfix delivers a burst: every message Haven answered 250 is a
        /// ticket after the restart, every other one is retried by Postfix, and none is stored twice.
        @Test func killDashNineDuringAnInboundBurst_losesNothing_andDuplicatesNothing() async throws {
            let data = CLITests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: data) }
            let (lmtp, http, https) = (FreePort.next(), FreePort.next(), FreePort.next())
            let environment = ["HAVEN_LMTP_PORT": String(lmtp), "HAVEN_MAIL_DOMAIN": Self.domain]
            let ready = ["Haven is serving", "Plain HTTP on", "over LMTP"]
            var (server, output) = try CLITests.startServing(
                data: data, httpPort: http, httpsPort: https, extra: ["--http-api-on-loopback"], environment: environment, ready: ready)
            defer {
                server.killHard()
                server.waitUntilExit()
            }
            let key = String(
                (output.components(separatedBy: "(shown once): ").dropFirst().first ?? "").prefix { $0.isLetter || $0.isNumber })
            try #require(!key.isEmpty, "no API key printed: \(output)")
            let postfix = try await PostfixInstance.start(lmtpPort: lmtp, domain: Self.domain)
            do {
                let total = 150
                let script = """
                    import smtplib, sys
                    from email.message import EmailMessage
                    s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
                    for n in range(int(sys.argv[2])):
                        m = EmailMessage()
                        m['From'] = 'burst%d@customer.example' % (n % 7)
                        m['To'] = 'demo@support.test'
                        m['Subject'] = 'Burst %d' % n
                        m['Message-ID'] = '<burst.%d@customer.example>' % n
                        m.set_content('message %d' % n)
                        m.add_attachment(b'x' * 10240, maintype='application', subtype='octet-stream', filename='f%d.bin' % n)
                        s.send_message(m)
                    s.quit()
                    """
                // The sender runs on while Haven is killed once a few messages were delivered.
                let sender = try ChildProcess("/usr/bin/env", ["python3", "-c", script, String(postfix.smtpPort), String(total)])
                let deadline = Date().addingTimeInterval(30)
                while postfix.log.components(separatedBy: "status=sent").count - 1 < 5, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                server.killHard()
                #expect(server.waitUntilExit() == SIGKILL)
                let deliveredBeforeKill = postfix.log.components(separatedBy: "status=sent").count - 1
                #expect(deliveredBeforeKill < total, "the burst was over before the kill")
                let sent = await sender.finished()
                try #require(sent.status == 0, "\(sent.stderr)")
                (server, output) = try CLITests.startServing(
                    data: data, httpPort: http, httpsPort: https, extra: ["--http-api-on-loopback"], environment: environment,
                    ready: ready)
                try #require(output.contains("over LMTP"), "restart failed: \(output)")
                // Postfix retries what was not answered (every second here) until its queue is empty.
                let drained = Date().addingTimeInterval(120)
                var flushed = Date()
                // Done when the queue is empty twice in a row (a message moving between Postfix's queues is briefly in none).
                var quiet = 0
                while quiet < 2, Date() < drained {
                    let done = postfix.queued == 0 && postfix.log.components(separatedBy: "status=sent").count - 1 >= total
                    quiet = done ? quiet + 1 : 0
                    try await Task.sleep(for: .milliseconds(done ? 1_000 : 200))
                    // A message cut off mid-delivery waits for Postfix's backoff; ask for it again every few seconds.
                    if Date().timeIntervalSince(flushed) > 3 {
                        await postfix.flush()
                        flushed = Date()
                    }
                }
                if postfix.queued > 0 {
                    let queue = await postfix.queueListing()
                    let problems = postfix.log.split(separator: "\n").filter { !$0.contains("status=sent") && !$0.contains("removed") }
                    Issue.record("Postfix still holds mail:\n\(queue)\n\(problems.suffix(30).joined(separator: "\n"))")
                }
                let client = TestHTTPClient(port: http)
                var subjects: [String] = []
                for page in 1...3 {
                    let list = try await client.call(.get, "/api/v2/tickets?per_page=100&page=\(page)", key: key)
                    subjects += (list.array ?? []).compactMap { $0.objectValue?.string("subject") }.filter { $0.hasPrefix("Burst ") }
                }
                await client.shutdown()
                #expect(
                    subjects.count == total,
                    "\(subjects.count) tickets for \(total) messages (\(deliveredBeforeKill) delivered before the kill)")
                let missing = Set((0..<total).map { "Burst \($0)" }).subtracting(subjects).sorted()
                for subject in missing {
                    // What Postfix did with it: its queue id (from the cleanup line) and every line about that id.
                    let id = "burst.\(subject.dropFirst(6))@customer.example"
                    let lines = postfix.log.split(separator: "\n")
                    let queueIDs = lines.filter { $0.contains("message-id=<\(id)>") }.compactMap {
                        $0.split(separator: " ").dropFirst(5).first
                    }
                    let history = lines.filter { line in queueIDs.contains { line.contains($0) } }
                    Issue.record("\(subject) is not a ticket; Postfix:\n\(history.joined(separator: "\n"))")
                }
                #expect(Set(subjects).count == subjects.count, "a message stored twice")
                #expect(!postfix.log.contains("status=bounced"))
            } catch {
                await postfix.stop()
                throw error
            }
            await postfix.stop()
        }
    }
}
