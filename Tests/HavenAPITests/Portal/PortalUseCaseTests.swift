import Foundation
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore
import Testing

/// The portal's use cases below the web: tickets from visitors and signed-in customers, the consent ledger and its
/// text versions, and what a customer may and may not reach.
@Suite struct PortalUseCaseTests {
    static func admin(_ fixture: AccessFixture) -> Principal {
        .agent(fixture.adminID, role: .admin, apiKey: nil, tenant: fixture.tenant.id)
    }

    static func settings(consent: String, required: Bool = true, origins: [String] = []) -> PortalAdministration.Update {
        PortalAdministration.Update(
            name: "", welcome: "Hello", accentColor: "#2557d6", anonymousTickets: true, consentRequired: required, consentText: consent,
            widgetOrigins: origins)
    }

    static func ticketCount(_ fixture: AccessFixture) async throws -> Int64 {
        let store = fixture.helpdesk.store
        return try await store.read { sql in try await store.tickets.count(fixture.tenant.id, on: sql) }
    }

    @Test func aVisitorsTicket_withConsent_recordsTheLedgerEntry_andTheContactIsTheActor() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let saved = try await PortalAdministration(fixture.helpdesk).update(
                Self.settings(consent: "We keep your messages to answer you."), by: admin)
            let version = try #require(saved.consentTexts.first)
            #expect(version.version == 1)
            #expect(version.sha256 == SecretTokens.hash("We keep your messages to answer you."))
            let portal = PortalTickets(fixture.helpdesk)
            var input = PortalTickets.NewTicket(
                name: "Vera Visitor", email: "Vera@Visitor.example", subject: "Where is my order?", description: "Line one\n\nLine <two>",
                consent: true, consentVersion: 1)
            let ticket = try await portal.open(input, channel: .portal, contact: nil, tenant: fixture.tenant.id, sourceIP: "192.0.2.44")
            #expect(ticket.source == .portal)
            #expect(ticket.description == "<p>Line one</p><p>Line &lt;two&gt;</p>")
            let entries = try await ConsentLedger(fixture.helpdesk).list(ticket.requesterID, by: admin)
            #expect(entries.count == 1)
            let record = try #require(entries.first?.record)
            #expect(record.given && record.channel == .portal && record.version == 1 && record.sha256 == version.sha256)
            #expect(record.sourceIP == "192.0.2.44")
            #expect(entries.first?.text?.text == "We keep your messages to answer you.")
            // The same e-mail again finds the same contact through the blind index.
            input.subject = "Second question"
            let second = try await portal.open(input, channel: .widget, contact: nil, tenant: fixture.tenant.id, sourceIP: nil)
            #expect(second.requesterID == ticket.requesterID)
            #expect(second.source == .feedbackWidget)
            let store = fixture.helpdesk.store
            let entriesByAction = try await store.read { sql in
                try await store.auditEntries.entries(fixture.tenant.id, afterSeq: 0, limit: 1_000, on: sql)
            }
            let created = try #require(entriesByAction.first { $0.action == "ticket.created" && $0.targetID == String(ticket.id.rawValue) })
            #expect(created.actorType == "contact" && created.actorID == ticket.requesterID.rawValue)
            let details = try await store.read { sql in try await store.audit.openDetails(created, on: sql) }.details
            #expect(details["requester_created"] == .bool(true), "the visitor became a contact with this ticket")
            let secondEntry = try #require(
                entriesByAction.first { $0.action == "ticket.created" && $0.targetID == String(second.id.rawValue) })
            let secondDetails = try await store.read { sql in try await store.audit.openDetails(secondEntry, on: sql) }.details
            #expect(secondDetails["requester_created"] == nil, "the second ticket found the same contact")
            #expect(entriesByAction.filter { $0.action == "consent.given" }.count == 2)
            #expect(entriesByAction.contains { $0.action == "consent.text_changed" })
        }
    }

    @Test func consentMissingOrStale_andBadFields_areNamed_andNothingIsWritten() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let administration = PortalAdministration(fixture.helpdesk)
            try await administration.update(Self.settings(consent: "Version one"), by: admin)
            let portal = PortalTickets(fixture.helpdesk)
            let before = try await Self.ticketCount(fixture)
            var input = PortalTickets.NewTicket(
                name: "", email: "not-an-address", subject: "", description: "  ", consent: false, consentVersion: 1)
            do {
                _ = try await portal.open(input, channel: .portal, contact: nil, tenant: fixture.tenant.id, sourceIP: nil)
                Issue.record("a form with every field wrong was accepted")
            } catch HavenError.validation(let problems) {
                #expect(Set(problems.map(\.field)) == ["name", "email", "subject", "description", "consent"])
            }
            // The wording changes while the form is open: the old form is refused and shown again.
            try await administration.update(Self.settings(consent: "Version two"), by: admin)
            input = PortalTickets.NewTicket(
                name: "Vera", email: "vera@visitor.example", subject: "Hi", description: "Help", consent: true, consentVersion: 1)
            await #expect(throws: HavenError.self) {
                _ = try await portal.open(input, channel: .portal, contact: nil, tenant: fixture.tenant.id, sourceIP: nil)
            }
            #expect(try await Self.ticketCount(fixture) == before)
            let store = fixture.helpdesk.store
            #expect(
                try await store.read { sql in try await store.contacts.userID(email: "vera@visitor.example", fixture.tenant.id, on: sql) }
                    == nil)
            // Over-long values are refused with their length.
            input.consentVersion = 2
            input.subject = String(repeating: "s", count: 256)
            do {
                _ = try await portal.open(input, channel: .portal, contact: nil, tenant: fixture.tenant.id, sourceIP: nil)
                Issue.record("an over-long subject was accepted")
            } catch HavenError.validation(let problems) {
                #expect(problems.map(\.field) == ["subject"])
                #expect(problems.first?.message.contains("256") == true)
            }
            let overview = try await administration.overview(by: admin)
            #expect(overview.consentTexts.map(\.version) == [2, 1])
            #expect(overview.consentTexts.map(\.text) == ["Version two", "Version one"])
        }
    }

    @Test func settings_refuseBadOriginsAndColours_normalizeGoodOnes_andOnlyAdminsMayChangeThem() async throws {
        try await AccessFixture.run { fixture in
            let administration = PortalAdministration(fixture.helpdesk)
            var update = Self.settings(
                consent: "", required: false,
                origins: ["https://Shop.Example:443/", "http://old.example", "https://*.example", "javascript:alert(1)"])
            update.accentColor = "red"
            update.headerColor = "url(javascript:alert(1))"
            do {
                try await administration.update(update, by: Self.admin(fixture))
                Issue.record("bad origins were accepted")
            } catch HavenError.validation(let problems) {
                #expect(problems.map(\.field) == ["accent_color", "header_color", "widget_origins", "widget_origins"])
            }
            update.widgetOrigins = ["https://Shop.Example:443/", "http://old.example", "https://[::1]:8443", "https://shop.example"]
            update.accentColor = "#AABBCC"
            update.headerColor = "#17324D"
            let saved = try await administration.update(update, by: Self.admin(fixture))
            #expect(saved.settings.widgetOrigins == ["https://shop.example", "http://old.example", "https://[::1]:8443"])
            #expect(saved.settings.insecureWidgetOrigins == ["http://old.example"])
            #expect(saved.settings.accentColor == "#aabbcc" && saved.settings.headerColor == "#17324d")
            #expect(saved.settings.allowsWidget(from: "https://SHOP.example"))
            #expect(!saved.settings.allowsWidget(from: "https://evil.example"))
            // Turning the checkbox on without a text is refused.
            await #expect(throws: HavenError.self) {
                try await administration.update(Self.settings(consent: "  ", required: true), by: Self.admin(fixture))
            }
            var profile = AgentProfileChanges()
            profile.name = "Andy Agent"
            let agent = try await CreateAgent(fixture.helpdesk)(
                email: "agent@alpha.example", profile, AgentSettings(), by: fixture.operatorPrincipal
            ).profile.contact.id
            await #expect(throws: HavenError.accessDenied) {
                _ = try await administration.overview(by: .agent(agent, role: .agent, apiKey: nil, tenant: fixture.tenant.id))
            }
        }
    }

    @Test func aCustomer_seesAndRepliesToTheirOwnTickets_only_andNeverPrivateNotes() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let portal = PortalTickets(fixture.helpdesk)
            let mine = try await portal.open(
                PortalTickets.NewTicket(name: "Cora", email: "cora@customer.example", subject: "Mine", description: "Help me"),
                channel: .portal, contact: nil, tenant: fixture.tenant.id, sourceIP: nil)
            let theirs = try await portal.open(
                PortalTickets.NewTicket(name: "Dan", email: "dan@customer.example", subject: "Theirs", description: "Help Dan"),
                channel: .portal, contact: nil, tenant: fixture.tenant.id, sourceIP: nil)
            _ = try await AddReply(fixture.helpdesk)(AddReply.Input(body: "<p>On it</p>"), to: mine.id, by: admin)
            _ = try await AddNote(fixture.helpdesk)(AddNote.Input(body: "<p>internal: refund?</p>"), to: mine.id, by: admin)
            let cora = Principal(tenant: fixture.tenant.id, kind: .contact(mine.requesterID), sourceIP: "192.0.2.9")
            #expect(try await portal.mine(page: PageRequest(page: 1, perPage: 30), by: cora).items.map(\.id) == [mine.id])
            let thread = try await portal.thread(mine.id, by: cora)
            #expect(thread.conversations.count == 1, "the private note is not shown")
            #expect(thread.authors[thread.conversations[0].userID!] == "Ada Admin")
            await #expect(throws: HavenError.notFound) { _ = try await portal.thread(theirs.id, by: cora) }
            await #expect(throws: HavenError.notFound) { _ = try await portal.reply("me too", to: theirs.id, by: cora) }
            // The agent resolves it; Cora's reply puts it back in front of the agents (as Freshdesk does).
            var resolve = TicketChanges()
            resolve.status = .resolved
            _ = try await UpdateTicket(fixture.helpdesk)(mine.id, resolve, requester: nil, by: admin)
            fixture.clock.advance(seconds: 60)
            let reply = try await portal.reply("Thanks!\nCora", to: mine.id, by: cora)
            #expect(reply.incoming && !reply.isPrivate && reply.body == "<p>Thanks!<br>Cora</p>")
            let reopened = try await TicketQueries(fixture.helpdesk).view(mine.id, including: [], by: admin).details.ticket
            #expect(reopened.status == .open && reopened.stats.reopenedAt == fixture.clock.now() && reopened.stats.resolvedAt == nil)
            let entries = try await fixture.auditActions()
            #expect(Array(entries.suffix(2)) == ["ticket.replied", "ticket.updated"], "the reply and the reopening, each recorded")
            // A reply on an open ticket changes nothing else.
            _ = try await portal.reply("One more thing", to: mine.id, by: cora)
            #expect(try await fixture.auditActions().suffix(1) == ["ticket.replied"])
            await #expect(throws: HavenError.self) { _ = try await portal.reply("   ", to: mine.id, by: cora) }
            // An agent principal is no customer here, and a customer has no helpdesk permission.
            await #expect(throws: HavenError.accessDenied) { _ = try await portal.reply("x", to: mine.id, by: admin) }
            await #expect(throws: HavenError.accessDenied) {
                _ = try await ConsentLedger(fixture.helpdesk).list(mine.requesterID, by: cora)
            }
        }
    }

    @Test func withoutAnonymousTickets_aVisitorIsAskedToSignIn() async throws {
        try await AccessFixture.run { fixture in
            var update = Self.settings(consent: "", required: false)
            update.anonymousTickets = false
            try await PortalAdministration(fixture.helpdesk).update(update, by: Self.admin(fixture))
            await #expect(throws: HavenError.forbidden(code: "sign_in_required", message: "Sign in to open a ticket.")) {
                _ = try await PortalTickets(fixture.helpdesk).open(
                    PortalTickets.NewTicket(name: "V", email: "v@visitor.example", subject: "S", description: "D"), channel: .portal,
                    contact: nil, tenant: fixture.tenant.id, sourceIP: nil)
            }
        }
    }

    @Test func consentRecordedByAnIntegration_namesTheVersion_andErasureTakesTheLedgerWithIt() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            var contact = ContactChanges()
            contact.name = "Cora Customer"
            contact.email = "cora@customer.example"
            let cora = try await CreateContact(fixture.helpdesk)(contact, by: admin).id
            let ledger = ConsentLedger(fixture.helpdesk)
            await #expect(throws: HavenError.self) { _ = try await ledger.record(cora, given: true, version: nil, by: admin) }
            try await PortalAdministration(fixture.helpdesk).update(Self.settings(consent: "Text A", required: false), by: admin)
            try await PortalAdministration(fixture.helpdesk).update(Self.settings(consent: "Text B", required: false), by: admin)
            _ = try await ledger.record(cora, given: true, version: 1, by: admin)
            _ = try await ledger.record(cora, given: false, version: nil, by: admin)
            await #expect(throws: HavenError.invalid("version", "There is no consent text version 9")) {
                _ = try await ledger.record(cora, given: true, version: 9, by: admin)
            }
            let entries = try await ledger.list(cora, by: admin)
            #expect(entries.map(\.record.given) == [false, true])
            #expect(entries.map(\.record.version) == [2, 1])
            #expect(entries.allSatisfy { $0.record.channel == .api })
            try await EraseContact(fixture.helpdesk)(cora, force: true, by: admin)
            await #expect(throws: HavenError.notFound) { _ = try await ledger.list(cora, by: admin) }
            let store = fixture.helpdesk.store
            #expect(try await store.read { sql in try await sql.scalar("SELECT count(*) FROM consents") } == 0)
        }
    }

    /// A tiny real PNG (160×40), as a browser would upload it.
    static let logoPNG: [UInt8] = Array(
        Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAKAAAAAoCAYAAAB5LPGYAAAA4klEQVR42u3cTQ6DIBRGUTfTNXXn3Y5NZx00RvDBR+q5CVMceGL8AbfH87WvPDb9dwAKQAABBFAAAggggAIQQAB7xycAFQH4HYCaCvBXAGoKwKMA1FCAZwJQQwC2BKBKAfYEoEoAXikNsPq45rt43mbi60EIIICl+FoRAghgOb4WhAACuI8MQABj+M4gBPDGAGcGIICugMC4BwQQQE/BwHgPCCCAvoSYbz2AvgWbLw7QahhFV8NYD6glAFoRrThAe0IUB2hXnOIA7QtWHKA/IygO0L9hBKAABFAACkAABaCW7Q0wzb4EyZhY8wAAAABJRU5ErkJggg=="
        )!)

    @Test func theLogo_isCheckedByItsBytes_sealedAtRest_audited_andRemovable() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let administration = PortalAdministration(fixture.helpdesk)
            let store = fixture.helpdesk.store
            let svg = Array("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".utf8)
            await #expect(throws: HavenError.self) { try await administration.setLogo(svg, by: admin) }
            #expect(try await administration.logoDigest(fixture.tenant.id) == nil, "a refused file writes nothing")

            try await administration.setLogo(Self.logoPNG, by: admin)
            try await administration.setLogo(Self.logoPNG, by: admin)
            let logo = try #require(try await administration.logo(fixture.tenant.id))
            #expect(logo.data == Self.logoPNG && logo.contentType == "image/png")
            #expect(logo.sha256 == SecretTokens.hash(Self.logoPNG))
            #expect(try await administration.logoDigest(fixture.tenant.id) == logo.sha256)
            // At rest the image is an envelope, not the image or its base64.
            let envelope = try await store.read { sql in
                try #require(try await sql.first("SELECT content FROM portal_logos")).bytes("content")
            }
            let stored = Data(envelope)
            #expect(stored.range(of: Data("iVBORw0K".utf8)) == nil && stored.range(of: Data(Self.logoPNG.prefix(8))) == nil)

            // An agent without the portal right may not change it.
            let agent = Principal.agent(fixture.adminID, role: .agent, apiKey: nil, tenant: fixture.tenant.id)
            await #expect(throws: HavenError.accessDenied) { try await administration.removeLogo(by: agent) }
            try await administration.removeLogo(by: admin)
            try await administration.removeLogo(by: admin)
            #expect(try await administration.logo(fixture.tenant.id) == nil)
            let logoEntries = try await fixture.auditActions().filter { $0 == "portal.logo_changed" }
            #expect(logoEntries.count == 2, "one upload and one removal: the repeats change nothing and record nothing")
        }
    }
}
