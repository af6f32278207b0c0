import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenMail
import HavenServer
import Testing

extension TimingSensitive {
    /// Agents' replies leaving by mail through a real smarthost (aiosmtpd, STARTTLS and AUTH required), signed with
    /// DKIM that dkimpy verifies, threaded so the customer's answer comes back into the same ticket.
    @Suite(.enabled(if: Smarthost.isInstalled, "needs aiosmtpd and dkimpy (scripts/test installs them)"))
    struct OutboundMailTests {
        static let domain = "support.test"

        static func customerMail(id: String, to: String = "alpha@support.test", inReplyTo: String? = nil, body: String) -> [UInt8] {
            var text = "From: Jane Roe <jane@customer.example>\r\nTo: \(to)\r\nSubject: Broken heater\r\nMessage-ID: <\(id)>\r\n"
            if let inReplyTo { text += "In-Reply-To: <\(inReplyTo)>\r\n" }
            return Array((text + "\r\n\(body)\r\n").utf8)
        }

        /// The server's settings for sending through `url`, trusting `ca`.
        static func smarthost(_ url: String, _ ca: String) -> @Sendable (inout ServerConfiguration) -> Void {
            { configuration in
                configuration.mail.smtpURL = url
                configuration.mail.smtpCABundle = ca
            }
        }

        static func waitFor(_ count: Int, at smarthost: Smarthost, timeout: Double = 20) async throws -> [Smarthost.Received] {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let received = smarthost.received
                if received.count >= count { return received }
                try await Task.sleep(for: .milliseconds(200))
            }
            return smarthost.received
        }

        @Test func anAgentsReply_isSignedSentOverTLS_andTheAnswerThreadsBack() async throws {
            let (smarthost, ca) = try await Smarthost.start()
            do {
                try await TestServer.start(
                    mailDomain: Self.domain,
                    configure: Self.smarthost(smarthost.url, ca)
                ) { server, client in
                    let key = server.tenants[0].apiKey
                    let tenant = server.tenants[0].tenant.id
                    let inbound = InboundMail(server.helpdesk)
                    guard
                        case .created(let ticket) = try await inbound.deliver(
                            Self.customerMail(id: "first@customer.example", body: "The heater is cold."), tenant: tenant,
                            envelopeSender: "jane@customer.example")
                    else {
                        Issue.record("no ticket")
                        return
                    }
                    // The reply carries a file, as Freshdesk's form sends one.
                    let boundary = "----haven-reply"
                    let reply = try await client.call(
                        .post, "/api/v2/tickets/\(ticket)/reply", key: key,
                        rawBody: APIAttachmentTests.form(
                            boundary,
                            fields: [
                                ("body", "<p>We are sending a technician &amp; parts.</p>"), ("cc_emails[]", "landlord@customer.example"),
                            ],
                            files: [("attachments[]", "visit-plan.pdf", "application/pdf", Array("%PDF visit plan".utf8))]),
                        contentType: "multipart/form-data; boundary=\(boundary)")
                    #expect(reply.status == 201, "\(reply.text)")
                    // A private note sends nothing.
                    #expect(
                        try await client.call(.post, "/api/v2/tickets/\(ticket)/notes", key: key, json: ["body": "internal"]).status == 201)
                    // The new ticket's acknowledgement, then the reply.
                    let received = try await Self.waitFor(2, at: smarthost)
                    try #require(received.count == 2)
                    let acknowledgement = received[0]
                    #expect(acknowledgement.recipients == ["jane@customer.example"])
                    let ackText = String(decoding: acknowledgement.bytes, as: UTF8.self)
                    #expect(ackText.contains("Auto-Submitted: auto-replied") && ackText.contains("Its number is \(ticket)"))
                    let mail = received[1]
                    #expect(mail.tls && mail.authenticated)
                    #expect(mail.sender == "alpha@\(Self.domain)")
                    #expect(mail.recipients == ["jane@customer.example", "landlord@customer.example"])
                    let signer = try await MailSigning(server.helpdesk).signer()
                    let seen = try await OutgoingMessageTests.inspect(mail.bytes, record: signer.dnsRecord, recordName: signer.recordName)
                    #expect(seen["dkim"] as? Bool == true)
                    let headers = Dictionary((seen["headers"] as? [[String]] ?? []).map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
                    #expect(headers["Subject"] == "Re: Broken heater [#\(ticket)]")
                    #expect(headers["In-Reply-To"] == "<first@customer.example>")
                    #expect(headers["References"]?.hasPrefix("<first@customer.example> <") == true)  // then the acknowledgement
                    #expect(headers["To"] == "Jane Roe <jane@customer.example>")
                    #expect(headers["Cc"] == "landlord@customer.example")
                    #expect(headers["Bcc"] == nil)
                    #expect(
                        (seen["body"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) == "We are sending a technician & parts."
                    )
                    let files = (seen["files"] as? [[String]]) ?? []
                    #expect(files.map { $0[0] } == ["visit-plan.pdf"])
                    #expect(files.first.flatMap { Data(base64Encoded: $0[2]) } == Data("%PDF visit plan".utf8))
                    let replyTo = try #require(headers["Reply-To"])
                    let replyAddress = try #require(replyTo.split(separator: "<").last?.dropLast()).description
                    #expect(replyAddress.hasPrefix("alpha+t.\(ticket).") && replyAddress.hasSuffix("@\(Self.domain)"))
                    let haveID = try #require(headers["Message-ID"]).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))

                    // The customer answers the reply address with a client that drops In-Reply-To: it threads.
                    let answered = try await inbound.deliver(
                        Self.customerMail(id: "second@customer.example", to: replyAddress, body: "Thanks!"), tenant: tenant,
                        recipient: replyAddress, envelopeSender: "jane@customer.example")
                    guard case .replied(ticket, _) = answered else {
                        Issue.record("expected the answer on ticket \(ticket), got \(answered)")
                        return
                    }
                    // Or to the plain address, answering Haven's Message-ID.
                    let viaID = try await inbound.deliver(
                        Self.customerMail(id: "third@customer.example", inReplyTo: haveID, body: "And again"), tenant: tenant,
                        envelopeSender: "jane@customer.example")
                    guard case .replied(ticket, _) = viaID else {
                        Issue.record("expected the answer on ticket \(ticket), got \(viaID)")
                        return
                    }
                    // A forged token opens a new ticket instead.
                    let forged = "alpha+t.\(ticket).aaaaaaaaaa@\(Self.domain)"
                    guard
                        case .created = try await inbound.deliver(
                            Self.customerMail(id: "fourth@customer.example", to: forged, body: "guess"), tenant: tenant, recipient: forged,
                            envelopeSender: "jane@customer.example")
                    else {
                        Issue.record("a forged reply token threaded")
                        return
                    }
                    let status = try await MailAdministration(server.helpdesk).status()
                    // The acknowledgement, the reply, and the acknowledgement of the ticket the forged token opened.
                    #expect(status.sent + status.pending == 3 && status.failed == 0, "\(status)")
                    // Nothing of the reply in clear on disk (the outbox keeps it sealed).
                    #expect(try DataFiles.plaintext(["technician", "landlord@customer"], under: server.directory).isEmpty)
                }
            } catch {
                await smarthost.stop()
                throw error
            }
            await smarthost.stop()
        }

        @Test func theOutbox_survivesARestart_sendsOnce_andRecordsRefusalsWithoutAddresses() async throws {
            let (smarthost, ca) = try await Smarthost.start()
            let directory = NSTemporaryDirectory() + "haven-outbox-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            do {
                // No smarthost yet: the reply waits in the outbox.
                let tenants = try await TestServer.start(directory: directory, mailDomain: Self.domain) { server, client in
                    let inbound = InboundMail(server.helpdesk)
                    guard
                        case .created(let ticket) = try await inbound.deliver(
                            Self.customerMail(id: "wait@customer.example", body: "Hello?"), tenant: server.tenants[0].tenant.id,
                            envelopeSender: "jane@customer.example")
                    else { throw HavenError.notFound }
                    let key = server.tenants[0].apiKey
                    #expect(
                        try await client.call(.post, "/api/v2/tickets/\(ticket)/reply", key: key, json: ["body": "Hi Jane"]).status == 201)
                    // The acknowledgement and the reply wait.
                    #expect(try await MailAdministration(server.helpdesk).status().pending == 2)
                    return server.tenants
                }
                // Restarted with a smarthost: sent once, and only once.
                try await TestServer.start(
                    directory: directory, existing: tenants, mailDomain: Self.domain,
                    configure: Self.smarthost(smarthost.url, ca)
                ) { server, _ in
                    #expect(try await Self.waitFor(2, at: smarthost).count == 2)
                    try await Task.sleep(for: .seconds(2))
                    #expect(smarthost.received.count == 2)
                    #expect(try await MailAdministration(server.helpdesk).status().sent == 2)
                }
                // A wrong password is refused for good (535): failed, with the step and codes only.
                try await TestServer.start(
                    directory: directory, existing: tenants, mailDomain: Self.domain,
                    configure: Self.smarthost("smtp://\(Smarthost.username):wrong@localhost:\(smarthost.port)", ca)
                ) { server, client in
                    let key = server.tenants[0].apiKey
                    #expect(try await client.call(.post, "/api/v2/tickets/1/reply", key: key, json: ["body": "Second"]).status == 201)
                    let deadline = Date().addingTimeInterval(20)
                    var status = try await MailAdministration(server.helpdesk).status()
                    while status.failed == 0, Date() < deadline {
                        try await Task.sleep(for: .milliseconds(200))
                        status = try await MailAdministration(server.helpdesk).status()
                    }
                    #expect(status.failed == 1, "\(status)")
                    #expect(status.recentProblems.first?.error.hasPrefix("AUTH 535") == true, "\(status.recentProblems)")
                    #expect(status.recentProblems.allSatisfy { !$0.error.contains("@") })
                    #expect(smarthost.received.count == 2)
                }
            } catch {
                await smarthost.stop()
                throw error
            }
            await smarthost.stop()
        }
    }
}
