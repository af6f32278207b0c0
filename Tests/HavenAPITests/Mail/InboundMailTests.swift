import Foundation
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore
import Testing

/// Mail becoming tickets below the listener: routing to a tenant, a new ticket with the sender as contact and the
/// files sealed, replies threaded by Message-ID (never across tenants), third parties as private notes, an MTA's retry
/// stored once, bounces never opening tickets, and erasure reaching the files.
@Suite struct InboundMailTests {
    static func admin(_ fixture: AccessFixture) -> Principal {
        .agent(fixture.adminID, role: .admin, apiKey: nil, tenant: fixture.tenant.id)
    }

    static func message(
        from: String = "Jane Doe <jane@customer.example>", to: String = "alpha@localhost", subject: String = "Printer on fire",
        id: String, inReplyTo: String? = nil, body: String = "It is on fire.", extraHeaders: String = "",
        attachment: (name: String, bytes: [UInt8])? = nil
    ) -> [UInt8] {
        var text = "From: \(from)\r\nTo: \(to)\r\nSubject: \(subject)\r\nMessage-ID: <\(id)>\r\n"
        if let inReplyTo { text += "In-Reply-To: <\(inReplyTo)>\r\nReferences: <\(inReplyTo)>\r\n" }
        text += extraHeaders
        guard let attachment else { return Array((text + "Content-Type: text/plain; charset=utf-8\r\n\r\n\(body)\r\n").utf8) }
        text +=
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n\(body)\r\n"
        text += "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"\(attachment.name)\"\r\n"
        text +=
            "Content-Transfer-Encoding: base64\r\n\r\n\(Data(attachment.bytes).base64EncodedString(options: .lineLength76Characters))\r\n--b1--\r\n"
        return Array(text.utf8)
    }

    static func deliver(
        _ raw: [UInt8], _ fixture: AccessFixture, to recipient: String = "alpha@localhost", sender: String = "jane@customer.example"
    )
        async throws -> InboundMail.Outcome
    {
        let inbound = InboundMail(fixture.helpdesk)
        guard let tenant = try await inbound.route(recipient) else { throw HavenError.notFound }
        return try await inbound.deliver(raw, tenant: tenant, envelopeSender: sender)
    }

    @Test func aNewMessage_opensATicket_withTheSenderAsContact_andItsFileSealed() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let pdf = Array("%PDF-1.4 invoice-marker-7781".utf8)
            let outcome = try await Self.deliver(
                Self.message(id: "first@customer.example", attachment: ("Rechnung März.pdf", pdf)), fixture)
            guard case .created(let ticketID) = outcome else {
                Issue.record("expected a new ticket, got \(outcome)")
                return
            }
            let view = try await TicketQueries(fixture.helpdesk).view(ticketID, including: [.requester], by: admin)
            #expect(view.details.ticket.subject == "Printer on fire")
            #expect(view.details.ticket.source == .email)
            #expect(view.details.ticket.status == .open)
            #expect(HTMLText.plainText(view.details.ticket.description) == "It is on fire.")
            #expect(view.requester?.email == "jane@customer.example")
            #expect(view.requester?.name == "Jane Doe")
            #expect(view.attachments.map(\.name) == ["Rechnung März.pdf"])
            #expect(view.attachments.first?.conversationID == nil)
            let (file, bytes) = try await AttachmentQueries(fixture.helpdesk).download(view.attachments[0].id, by: admin)
            #expect(bytes == pdf && file.contentType == "application/pdf" && file.size == Int64(pdf.count))
            // The same audit entries as any other new ticket, with the sender as actor.
            let actions = try await fixture.auditActions()
            #expect(actions.contains("ticket.created"))
            // A file of another tenant's id space is not found; neither is a made-up id.
            await #expect(throws: HavenError.notFound) {
                _ = try await AttachmentQueries(fixture.helpdesk).download(AttachmentID(999_999), by: admin)
            }
        }
    }

    @Test func replies_threadByMessageID_reopen_andThirdPartiesBecomePrivateNotes() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            guard case .created(let ticketID) = try await Self.deliver(Self.message(id: "m1@customer.example"), fixture) else {
                Issue.record("no ticket")
                return
            }
            var resolve = TicketChanges()
            resolve.status = .resolved
            _ = try await UpdateTicket(fixture.helpdesk)(ticketID, resolve, requester: nil, by: admin)
            let reply = try await Self.deliver(
                Self.message(
                    subject: "Re: Printer on fire", id: "m2@customer.example", inReplyTo: "m1@customer.example", body: "Still burning."),
                fixture)
            guard case .replied(let replyTicket, let conversationID) = reply else {
                Issue.record("expected a reply, got \(reply)")
                return
            }
            #expect(replyTicket == ticketID)
            let (page, _) = try await TicketQueries(fixture.helpdesk).conversations(
                of: ticketID, page: PageRequest(page: 1, perPage: 10), by: admin)
            let conversation = try #require(page.items.first { $0.id == conversationID })
            #expect(conversation.incoming && !conversation.isPrivate)
            #expect(HTMLText.plainText(conversation.body) == "Still burning.")
            #expect(conversation.fromEmail == "jane@customer.example")
            #expect(try await TicketQueries(fixture.helpdesk).view(ticketID, including: [], by: admin).details.ticket.status == .open)
            // Someone else answering on the thread is heard, privately.
            let other = try await Self.deliver(
                Self.message(
                    from: "mallory@elsewhere.example", subject: "Re: Printer", id: "m3@elsewhere.example", inReplyTo: "m2@customer.example"),
                fixture, sender: "mallory@elsewhere.example")
            guard case .noted(ticketID, let noteID) = other else {
                Issue.record("expected a note, got \(other)")
                return
            }
            let (after, _) = try await TicketQueries(fixture.helpdesk).conversations(
                of: ticketID, page: PageRequest(page: 1, perPage: 10), by: admin)
            #expect(after.items.first { $0.id == noteID }?.isPrivate == true)
        }
    }

    @Test func anMTARetry_isStoredOnce_andBouncesNeverOpenTickets() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let raw = Self.message(id: "retry@customer.example")
            guard case .created = try await Self.deliver(raw, fixture) else {
                Issue.record("no ticket")
                return
            }
            #expect(try await Self.deliver(raw, fixture) == .duplicate)
            // Mail without a Message-ID is named by its bytes.
            let anonymous = Array("From: x@customer.example\r\nSubject: no id\r\n\r\nhello\r\n".utf8)
            guard case .created = try await Self.deliver(anonymous, fixture, sender: "x@customer.example") else {
                Issue.record("no ticket")
                return
            }
            #expect(try await Self.deliver(anonymous, fixture, sender: "x@customer.example") == .duplicate)
            // A bounce (null sender) and a mailer daemon's report open nothing.
            let bounce = try await Self.deliver(Self.message(from: "MAILER-DAEMON@mx.example", id: "b1@mx.example"), fixture, sender: "")
            #expect(bounce == .discarded("bounce matching no ticket"))
            let list = try await TicketQueries(fixture.helpdesk).list(
                TicketQueries.ListRequest(), page: PageRequest(page: 1, perPage: 100), including: [], by: admin)
            #expect(list.tickets.items.count == 2)
        }
    }

    @Test func aForgedInReplyTo_neverThreadsIntoAnotherTenant() async throws {
        try await AccessFixture.run { fixture in
            let beta = try await Provisioning(store: fixture.helpdesk.store, actor: .cli("test")).createTenant(
                name: "Beta", subdomain: "beta", adminEmail: "admin@beta.example", adminName: "Bea")
            guard
                case .created(let betaTicket) = try await Self.deliver(
                    Self.message(to: "beta@localhost", id: "secret@beta.example"), fixture, to: "beta@localhost")
            else {
                Issue.record("no beta ticket")
                return
            }
            // Alpha receives mail claiming to answer beta's message: it becomes alpha's own new ticket.
            let forged = try await Self.deliver(
                Self.message(from: "eve@attacker.example", id: "forged@attacker.example", inReplyTo: "secret@beta.example"), fixture,
                sender: "eve@attacker.example")
            guard case .created = forged else {
                Issue.record("expected a new alpha ticket, got \(forged)")
                return
            }
            let betaAdmin = Principal.agent(beta.agentID, role: .admin, apiKey: nil, tenant: beta.tenant.id)
            let (betaThread, _) = try await TicketQueries(fixture.helpdesk).conversations(
                of: betaTicket, page: PageRequest(page: 1, perPage: 10), by: betaAdmin)
            #expect(betaThread.items.isEmpty)
        }
    }

    @Test func routing_acceptsOnlyHavensAddresses() async throws {
        try await AccessFixture.run { fixture in
            let inbound = InboundMail(fixture.helpdesk)
            let alpha = fixture.tenant.id
            #expect(try await inbound.route("alpha@localhost") == alpha)
            #expect(try await inbound.route("ALPHA+t.abc@LocalHost") == alpha)
            #expect(try await inbound.route("nobody@localhost") == nil)
            #expect(try await inbound.route("alpha@elsewhere.example") == nil)
            #expect(try await inbound.route("not an address") == nil)
            let addresses = MailAddresses(fixture.helpdesk)
            try await addresses.add("Help@Alpha-Corp.example", by: fixture.operatorPrincipal)
            #expect(try await inbound.route("help@alpha-corp.example") == alpha)
            #expect(try await inbound.route("help+x@alpha-corp.example") == alpha)
            #expect(try await addresses.list(by: fixture.operatorPrincipal) == ["help@alpha-corp.example"])
            await #expect(throws: HavenError.self) { try await addresses.add("help@alpha-corp.example", by: fixture.operatorPrincipal) }
            await #expect(throws: HavenError.self) { try await addresses.add("no-at-sign", by: fixture.operatorPrincipal) }
            try await TenantAdministration(fixture.helpdesk).setStatus(.terminated, subdomain: "alpha", command: "test")
            #expect(try await inbound.route("alpha@localhost") == nil)
            await #expect(throws: InboundMail.Refusal.tenantClosed) {
                _ = try await inbound.deliver(
                    Self.message(id: "late@customer.example"), tenant: alpha, envelopeSender: "jane@customer.example")
            }
        }
    }

    @Test func erasingTheRequester_makesTheirFilesUnreadable_evenFromAnOldCopyOfTheRow() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            guard
                case .created(let ticketID) = try await Self.deliver(
                    Self.message(id: "erase@customer.example", attachment: ("passport.pdf", Array("passport-scan".utf8))), fixture)
            else {
                Issue.record("no ticket")
                return
            }
            let store = fixture.helpdesk.store
            let view = try await TicketQueries(fixture.helpdesk).view(ticketID, including: [], by: admin)
            let requester = view.details.ticket.requesterID
            // The stored row as an old backup would hold it.
            let row = try #require(
                try await store.read { sql in try await sql.first("SELECT * FROM attachments WHERE tenant_id = \(fixture.tenant.id)") })
            let id = try row.int("id")
            try await EraseContact(fixture.helpdesk)(requester, force: true, by: admin)
            await #expect(throws: (any Error).self) {
                try await store.read { sql in
                    let sealer = try await store.keys.sealer(fixture.tenant.id, .subject(requester.rawValue), on: sql)
                    _ = try sealer.open(row, "attachments", "content", id)
                }
            }
            await #expect(throws: HavenError.notFound) {
                _ = try await AttachmentQueries(fixture.helpdesk).download(AttachmentID(id), by: admin)
            }
        }
    }

    @Test func newTickets_areAcknowledged_unlessAutomaticOrTurnedOff() async throws {
        try await AccessFixture.run { fixture in
            let store = fixture.helpdesk.store
            func kinds() async throws -> [String] {
                try await store.read { sql in try await sql.all("SELECT kind FROM mail_outbox ORDER BY id").map { try $0.string("kind") } }
            }
            _ = try await Self.deliver(Self.message(id: "ack1@customer.example"), fixture)
            #expect(try await kinds() == ["acknowledgement"])
            // A vacation reply or a list opens a ticket but is never answered.
            _ = try await Self.deliver(
                Self.message(id: "ack2@customer.example", extraHeaders: "Auto-Submitted: auto-replied\r\n"), fixture)
            _ = try await Self.deliver(Self.message(id: "ack3@customer.example", extraHeaders: "Precedence: bulk\r\n"), fixture)
            // Nor is mail from one of Haven's own addresses.
            try await MailAddresses(fixture.helpdesk).add("help@alpha-corp.example", by: fixture.operatorPrincipal)
            _ = try await Self.deliver(
                Self.message(from: "help@alpha-corp.example", id: "ack4@alpha-corp.example"), fixture, sender: "help@alpha-corp.example")
            #expect(try await kinds() == ["acknowledgement"])
            // The tenant can turn it off.
            let portal = PortalAdministration(fixture.helpdesk)
            let current = try await portal.overview(by: Self.admin(fixture)).settings
            try await portal.update(
                PortalAdministration.Update(
                    name: current.name, welcome: current.welcome, accentColor: current.accentColor, anonymousTickets: true,
                    consentRequired: false, consentText: "", widgetOrigins: [], acknowledgeNewTickets: false),
                by: Self.admin(fixture))
            _ = try await Self.deliver(Self.message(id: "ack5@customer.example"), fixture)
            #expect(try await kinds() == ["acknowledgement"])
        }
    }
}
