import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenMail
import HavenServer
import HavenStore
import Testing

extension TimingSensitive {
    /// The mail Haven sends about accounts and work rather than tickets — invitation and reset links (issued by an
    /// admin, or asked for on the sign-in page), "export ready" — and tenants that send from their own address
    /// through their own smarthost, each through a real smarthost (aiosmtpd) and verified with dkimpy.
    @Suite(.enabled(if: Smarthost.isInstalled, "needs aiosmtpd and dkimpy (scripts/test installs them)"))
    struct MailNoticeTests {
        static let domain = "support.test"

        static func headers(_ seen: [String: Any]) -> [String: String] {
            Dictionary((seen["headers"] as? [[String]] ?? []).map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
        }

        /// The mail's body, DKIM and headers, checked against the signer Haven uses for `sender`.
        static func open(_ mail: Smarthost.Received, _ server: TestServer, tenant: TenantID) async throws -> (
            body: String, headers: [String: String], dkim: Bool
        ) {
            let signer = try await MailSigning(server.helpdesk).signer(
                tenant: tenant, domain: String(mail.sender.split(separator: "@").last ?? ""))
            let seen = try await OutgoingMessageTests.inspect(mail.bytes, record: signer.dnsRecord, recordName: signer.recordName)
            return ((seen["body"] as? String) ?? "", Self.headers(seen), seen["dkim"] as? Bool == true)
        }

        @Test func invitationsResetLinksAndExportNotices_areMailed_andTheLinksWork() async throws {
            let (smarthost, ca) = try await Smarthost.start()
            do {
                try await TestServer.start(mailDomain: Self.domain, configure: OutboundMailTests.smarthost(smarthost.url, ca)) {
                    server, client in
                    let tenant = server.tenants[0]
                    let admin = Principal.agent(tenant.agentID, role: .admin, apiKey: nil, tenant: tenant.tenant.id)
                    let page = "https://alpha.localhost/console/set-password"
                    // An admin invites an agent: the link is mailed in the invitation's transaction.
                    let (agent, token) = try await InviteAgent(server.helpdesk)(
                        email: "nia@alpha.example", name: "Nia Newcomer", role: .agent, occasionalUntil: nil, by: admin, mailing: page)
                    var received = try await OutboundMailTests.waitFor(1, at: smarthost)
                    try #require(received.count == 1)
                    let invitation = try await Self.open(received[0], server, tenant: tenant.tenant.id)
                    #expect(invitation.dkim)
                    #expect(received[0].recipients == ["nia@alpha.example"] && received[0].sender == "alpha@\(Self.domain)")
                    #expect(invitation.headers["Subject"] == "Your account at Alpha's helpdesk")
                    #expect(invitation.headers["Auto-Submitted"] == "auto-generated")
                    #expect(invitation.headers["To"] == "Nia Newcomer <nia@alpha.example>")
                    #expect(invitation.body.contains("\(page)?token=\(token)") && invitation.body.contains("7 days"), "\(invitation.body)")
                    // The mailed link is the one issued (the browser test follows one to the page).
                    #expect(try await Passwords(server.helpdesk).link(token, tenant: tenant.tenant)?.purpose == .invitation)
                    // The link is sealed in the outbox, never on disk in clear.
                    #expect(try DataFiles.plaintext([token, "Nia Newcomer"], under: server.directory).isEmpty)

                    // A person's own "forgot your password?": a reset (she has a password now), mailed once; a second
                    // request soon after, an unknown address, or the wrong audience mail nothing. Right after the
                    // invitation nothing is mailed either: one link per person per five minutes.
                    _ = try await Passwords(server.helpdesk).redeem(
                        token, tenant: tenant.tenant, password: "correct horse battery staple", sourceIP: nil)
                    let passwords = Passwords(server.helpdesk)
                    try await passwords.requestLink(
                        email: "nia@alpha.example", audience: .agent, tenant: tenant.tenant.id, page: page, sourceIP: nil)
                    server.clock.advance(seconds: Passwords.requestInterval + 1)
                    try await passwords.requestLink(
                        email: " NIA@alpha.example", audience: .agent, tenant: tenant.tenant.id, page: page, sourceIP: "203.0.113.9")
                    try await passwords.requestLink(
                        email: "nia@alpha.example", audience: .agent, tenant: tenant.tenant.id, page: page, sourceIP: "203.0.113.9")
                    try await passwords.requestLink(
                        email: "nobody@alpha.example", audience: .agent, tenant: tenant.tenant.id, page: page, sourceIP: nil)
                    try await passwords.requestLink(
                        email: "nia@alpha.example", audience: .contact, tenant: tenant.tenant.id, page: page, sourceIP: nil)
                    await #expect(throws: HavenError.self) {
                        try await passwords.requestLink(
                            email: "no address", audience: .agent, tenant: tenant.tenant.id, page: page, sourceIP: nil)
                    }
                    received = try await OutboundMailTests.waitFor(2, at: smarthost)
                    try await Task.sleep(for: .seconds(1))
                    try #require(smarthost.received.count == 2)
                    let reset = try await Self.open(received[1], server, tenant: tenant.tenant.id)
                    #expect(reset.dkim && received[1].recipients == ["nia@alpha.example"])
                    #expect(reset.headers["Subject"] == "Reset your password at Alpha's helpdesk")
                    let resetToken = try #require(reset.body.components(separatedBy: "?token=").last?.prefix { !$0.isWhitespace })
                    let resetLink = try #require(try await passwords.link(String(resetToken), tenant: tenant.tenant))
                    #expect(resetLink.purpose == .passwordReset && resetLink.userID == agent.profile.contact.id)
                    #expect(reset.body.contains("an hour"))
                    // Five minutes on, she may ask again.
                    server.clock.advance(seconds: Passwords.requestInterval + 1)
                    try await passwords.requestLink(
                        email: "nia@alpha.example", audience: .agent, tenant: tenant.tenant.id, page: page, sourceIP: nil)
                    #expect(try await OutboundMailTests.waitFor(3, at: smarthost).count == 3)

                    // An export: "ready" goes to the agent who asked, naming the console page, never the file or a row.
                    _ = try await client.call(
                        .post, "/api/v2/contacts", key: tenant.apiKey, json: ["name": "Quinn Customer", "email": "quinn@customer.example"])
                    let queued = try await client.call(
                        .post, "/api/v2/contacts/export", key: tenant.apiKey, json: ["fields": ["default_fields": ["name", "email"]]])
                    #expect(queued.status == 202)
                    let job = try #require(queued.object?.string("id"))
                    received = try await OutboundMailTests.waitFor(4, at: smarthost)
                    try #require(received.count == 4)
                    let ready = try await Self.open(received[3], server, tenant: tenant.tenant.id)
                    #expect(ready.dkim && received[3].recipients == ["admin@alpha.example"])
                    #expect(ready.headers["Subject"] == "Your contact export is ready")
                    #expect(ready.body.contains("/console/exports/\(job)") && ready.body.contains("1 contact"), "\(ready.body)")
                    #expect(!ready.body.contains("quinn"))

                    let store = server.store
                    let entries = try await store.read { sql in
                        try await store.auditEntries.entries(tenant.tenant.id, afterSeq: 0, limit: 1_000, on: sql)
                    }
                    let links = entries.filter { $0.action == "auth.link_issued" }
                    #expect(links.count == 3, "\(entries.map(\.action))")
                    #expect(links.dropFirst().allSatisfy { $0.actorType == "system" })
                    for link in links {
                        let details = try await store.read { sql in try await store.audit.openDetails(link, on: sql).details }
                        #expect(details["mailed"] == .bool(true))
                    }
                }
            } catch {
                await smarthost.stop()
                throw error
            }
            await smarthost.stop()
        }

        /// Freshdesk's notes: a public note reaches the requester ("agent adds comment"), a note's `notify_emails`
        /// are told of it (private or not) and their answer comes back as a private note; a private note alone
        /// mails nobody.
        @Test func publicNotesReachTheRequester_andNotifyEmailsAreTold_andTheirAnswerIsAPrivateNote() async throws {
            let (smarthost, ca) = try await Smarthost.start()
            do {
                try await TestServer.start(mailDomain: Self.domain, configure: OutboundMailTests.smarthost(smarthost.url, ca)) {
                    server, client in
                    let tenant = server.tenants[0]
                    let key = tenant.apiKey
                    // Acknowledgements off: only the notes' mail is counted here.
                    let admin = Principal.agent(tenant.agentID, role: .admin, apiKey: nil, tenant: tenant.tenant.id)
                    let portal = PortalAdministration(server.helpdesk)
                    let current = try await portal.overview(by: admin).settings
                    _ = try await portal.update(
                        PortalAdministration.Update(
                            name: current.name, welcome: current.welcome, accentColor: current.accentColor, anonymousTickets: true,
                            consentRequired: false, consentText: "", widgetOrigins: [], acknowledgeNewTickets: false),
                        by: admin)
                    let created = try await client.call(
                        .post, "/api/v2/tickets", key: key,
                        json: [
                            "subject": "Lost parcel", "description": "Where is it?", "email": "pat@customer.example", "status": 2,
                            "priority": 1,
                        ])
                    let ticket = try #require(created.object?.int("id"))
                    #expect(
                        try await client.call(.post, "/api/v2/tickets/\(ticket)/notes", key: key, json: ["body": "Only us"]).status == 201)
                    #expect(
                        try await client.call(
                            .post, "/api/v2/tickets/\(ticket)/notes", key: key,
                            json: ["body": "<p>Courier says Tuesday</p>", "private": false]
                        ).status == 201)
                    #expect(
                        try await client.call(
                            .post, "/api/v2/tickets/\(ticket)/notes", key: key,
                            json: ["body": "<p>Can you call the courier?</p>", "notify_emails": ["sam@alpha.example"]]
                        ).status == 201)
                    let received = try await OutboundMailTests.waitFor(2, at: smarthost)
                    try await Task.sleep(for: .seconds(1))
                    try #require(smarthost.received.count == 2)
                    let publicNote = try await Self.open(received[0], server, tenant: tenant.tenant.id)
                    #expect(publicNote.dkim && received[0].recipients == ["pat@customer.example"])
                    #expect(
                        publicNote.body.contains("Courier says Tuesday") && publicNote.headers["Subject"] == "Re: Lost parcel [#\(ticket)]")
                    let notice = try await Self.open(received[1], server, tenant: tenant.tenant.id)
                    #expect(notice.dkim && received[1].recipients == ["sam@alpha.example"])
                    #expect(notice.body.contains("added a private note to ticket #\(ticket)") && notice.body.contains("call the courier"))
                    #expect(!notice.body.contains("Only us") && !publicNote.body.contains("Only us"))
                    // Sam answers the notice: a private note, never mail to the customer.
                    let noticeID = try #require(notice.headers["Message-ID"]).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
                    let answer = Array(
                        "From: Sam <sam@alpha.example>\r\nTo: alpha@\(Self.domain)\r\nSubject: Re: Lost parcel\r\nMessage-ID: <sam1@alpha.example>\r\nIn-Reply-To: <\(noticeID)>\r\n\r\nCalled them.\r\n"
                            .utf8)
                    let outcome = try await InboundMail(server.helpdesk).deliver(
                        answer, tenant: tenant.tenant.id, envelopeSender: "sam@alpha.example")
                    guard case .noted(let threaded, _) = outcome, threaded.rawValue == ticket else {
                        Issue.record("the answer did not thread: \(outcome)")
                        return
                    }
                    let notes = try await client.call(.get, "/api/v2/tickets/\(ticket)/conversations", key: key)
                    let last = try #require(notes.array?.last?.objectValue)
                    #expect(last["private"] == .bool(true) && last.string("body_text")?.contains("Called them") == true)
                    try await Task.sleep(for: .seconds(1))
                    #expect(smarthost.received.count == 2)
                }
            } catch {
                await smarthost.stop()
                throw error
            }
            await smarthost.stop()
        }

        @Test func aTenantSendsFromItsOwnAddress_throughItsOwnSmarthost_signedForItsOwnDomain() async throws {
            let (deployment, ca) = try await Smarthost.start()
            // The tenant's provider offers AUTH LOGIN only.
            let (own, ownCA) = try await Smarthost.start(loginOnly: true)
            do {
                // Each smarthost has its own CA: the deployment's is HAVEN_SMTP_CA_BUNDLE; the tenant's is trusted
                // beside the system's roots, which here means a bundle holding both.
                let bundle = NSTemporaryDirectory() + "haven-cas-" + UUID().uuidString + ".pem"
                try (String(contentsOfFile: ca, encoding: .utf8) + String(contentsOfFile: ownCA, encoding: .utf8))
                    .write(toFile: bundle, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(atPath: bundle) }
                try await TestServer.start(
                    tenants: ["alpha", "beta"], mailDomain: Self.domain, localSmarthosts: true,
                    configure: OutboundMailTests.smarthost(deployment.url, bundle)
                ) { server, client in
                    let beta = server.tenants[1]
                    let admin = Principal.agent(beta.agentID, role: .admin, apiKey: nil, tenant: beta.tenant.id)
                    try await MailAddresses(server.helpdesk).add("Help@Beta-Shop.example", by: admin)
                    let sending = MailSending(server.helpdesk)
                    try await sending.update(sendingAddress: "help@beta-shop.example", smarthost: .url(own.url), by: admin)
                    let overview = try await sending.overview(by: admin)
                    #expect(overview.sendingAddress == "help@beta-shop.example")
                    #expect(overview.smarthost?.contains(Smarthost.password) == false && overview.smarthost?.contains("***") == true)

                    // A reply of each tenant: alpha's through the deployment's smarthost, beta's through its own.
                    var tickets: [TicketID] = []
                    for (index, tenant) in server.tenants.enumerated() {
                        let mail = Array(
                            "From: Jane <jane@customer.example>\r\nTo: \(tenant.tenant.subdomain)@\(Self.domain)\r\nSubject: Hi\r\nMessage-ID: <m\(index)@customer.example>\r\n\r\nHello\r\n"
                                .utf8)
                        guard
                            case .created(let ticket) = try await InboundMail(server.helpdesk).deliver(
                                mail, tenant: tenant.tenant.id, envelopeSender: "jane@customer.example")
                        else { throw HavenError.notFound }
                        tickets.append(ticket)
                        let reply = try await client.call(
                            .post, "/api/v2/tickets/\(ticket)/reply", key: tenant.apiKey,
                            json: ["body": .string("Reply from \(tenant.tenant.name)")])
                        #expect(reply.status == 201)
                    }
                    // Each ticket's acknowledgement and reply.
                    let viaDeployment = try await OutboundMailTests.waitFor(2, at: deployment)
                    let viaOwn = try await OutboundMailTests.waitFor(2, at: own)
                    try #require(viaDeployment.count == 2 && viaOwn.count == 2)
                    #expect(viaDeployment.allSatisfy { $0.sender == "alpha@\(Self.domain)" })
                    #expect(viaOwn.allSatisfy { $0.sender == "help@beta-shop.example" && $0.tls && $0.authenticated })
                    let betaReply = try await Self.open(viaOwn[1], server, tenant: beta.tenant.id)
                    #expect(betaReply.dkim, "signed for beta-shop.example with beta's own key")
                    #expect(betaReply.headers["From"] == "Beta <help@beta-shop.example>")
                    #expect(betaReply.headers["DKIM-Signature"]?.contains("d=beta-shop.example") == true)
                    // Answers still come back through the mail domain, which routes to Haven.
                    #expect(betaReply.headers["Reply-To"]?.contains("beta+t.") == true)
                    #expect(betaReply.headers["Reply-To"]?.hasSuffix("@\(Self.domain)>") == true)
                    // Two tenants' keys for one domain differ: a tenant never signs with another's key.
                    let alphaKey = try await MailSigning(server.helpdesk).signer(
                        tenant: server.tenants[0].tenant.id, domain: "beta-shop.example")
                    let betaKey = try await MailSigning(server.helpdesk).signer(tenant: beta.tenant.id, domain: "beta-shop.example")
                    #expect(alphaKey.dnsRecord != betaKey.dnsRecord && alphaKey.selector != betaKey.selector)

                    // Back to the deployment's smarthost; removing the sending address falls back to the default one.
                    try await sending.update(sendingAddress: "help@beta-shop.example", smarthost: .deployment, by: admin)
                    try await MailAddresses(server.helpdesk).remove("help@beta-shop.example", by: admin)
                    #expect(try await sending.overview(by: admin).sendingAddress == nil)
                    #expect(
                        try await client.call(.post, "/api/v2/tickets/\(tickets[1])/reply", key: beta.apiKey, json: ["body": "Again"])
                            .status == 201)
                    let later = try await OutboundMailTests.waitFor(3, at: deployment)
                    #expect(later.count == 3 && later[2].sender == "beta@\(Self.domain)")
                    #expect(own.received.count == 2)
                }
            } catch {
                await deployment.stop()
                await own.stop()
                throw error
            }
            await deployment.stop()
            await own.stop()
        }
    }
}
