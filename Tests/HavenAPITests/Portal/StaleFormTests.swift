import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Forms carry the version of the record they showed: a form sent twice, or over someone else's change, writes
/// nothing and says so — below the web, where every channel's edit goes.
@Suite struct StaleFormTests {
    @Test func aReplySentTwice_orOverANewMessage_addsNothing_andAStaleUpdateIsRefused() async throws {
        try await AccessFixture.run { fixture in
            let admin = Principal.agent(fixture.adminID, role: .admin, apiKey: nil, tenant: fixture.tenant.id)
            var changes = TicketChanges()
            changes.subject = "Printer on fire"
            let created = try await CreateTicket(fixture.helpdesk)(changes, for: .email("cora@customer.example", name: "Cora"), by: admin)
            let shown = try await TicketQueries(fixture.helpdesk).version(created.ticket.id, by: admin)
            var reply = AddReply.Input(body: "<p>Unplug it</p>")
            reply.ticketVersion = shown
            _ = try await AddReply(fixture.helpdesk)(reply, to: created.ticket.id, by: admin)
            // The same form again (a double click, a reload that re-posts): refused, one reply only.
            await #expect(throws: HavenError.self) { _ = try await AddReply(fixture.helpdesk)(reply, to: created.ticket.id, by: admin) }
            let (conversations, _) = try await TicketQueries(fixture.helpdesk).conversations(
                of: created.ticket.id, page: PageRequest(page: 1, perPage: 10), by: admin)
            #expect(conversations.items.count == 1)

            // Properties from a page shown before that reply: refused, the ticket unchanged.
            var update = TicketChanges()
            update.priority = .urgent
            do {
                _ = try await UpdateTicket(fixture.helpdesk)(created.ticket.id, update, requester: nil, ifVersion: shown, by: admin)
                Issue.record("a stale form overwrote the ticket")
            } catch HavenError.conflict(let problems) {
                #expect(problems.first?.code == .inconsistentState && problems.first?.field == "version")
            }
            let now = try await TicketQueries(fixture.helpdesk).view(created.ticket.id, including: [], by: admin).details.ticket
            #expect(now.priority == .low)
            // With the current version it goes through.
            _ = try await UpdateTicket(fixture.helpdesk)(
                created.ticket.id, update, requester: nil, ifVersion: try await TicketQueries(fixture.helpdesk).version(now.id, by: admin),
                by: admin)

            // A contact edited from an old page, after someone else's change within the same second.
            let cora = now.requesterID
            let before = try await ContactQueries(fixture.helpdesk).view(cora, by: admin)
            var rename = ContactChanges()
            rename.jobTitle = .some("Buyer")
            _ = try await UpdateContact(fixture.helpdesk)(cora, rename, by: admin)
            rename.jobTitle = .some("CFO")
            await #expect(throws: HavenError.self) {
                _ = try await UpdateContact(fixture.helpdesk)(cora, rename, ifVersion: RecordVersion.of(before), by: admin)
            }
            #expect(try await ContactQueries(fixture.helpdesk).view(cora, by: admin).jobTitle == "Buyer")
        }
    }
}
