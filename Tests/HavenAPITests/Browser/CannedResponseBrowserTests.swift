import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// A canned response used from the console in real Chromium: chosen above the reply box, its placeholders filled
    /// from the ticket (the requester's name escaped as text), edited and sent as the reply.
    @Suite(.serialized) struct CannedResponseBrowserTests {
        @Test func aCannedResponse_startsTheReply_withItsPlaceholdersFilled() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                let canned = CannedResponses(harness.helpdesk)
                let folder = try await canned.createFolder(named: "Shipping", by: admin)
                _ = try await canned.create(
                    .init(
                        title: "Parcel delayed",
                        contentHTML: "<p>Hello {{ticket.requester.name}},</p><p>your parcel for #{{ticket.id}} is delayed.</p>",
                        folderID: folder.id), by: admin)
                var changes = TicketChanges()
                changes.subject = "Where is my parcel"
                changes.description = "<p>Still waiting.</p>"
                let ticket = try await CreateTicket(harness.helpdesk)(
                    changes, for: .email("lee@example.com", name: "Lee <Tiny>"), by: admin)

                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "bob@alpha.example", password: AccessControlBrowserTests.agentPassword)
                try await browser.go(harness.url("/console/tickets/\(ticket.ticket.id)"))
                try await browser.submit("#insert-canned")
                _ = try await browser.waitFor("#reply")
                let text = try await browser.execute("return document.getElementById('reply').value").stringValue ?? ""
                #expect(text == "Hello Lee <Tiny>,\n\nyour parcel for #\(ticket.ticket.id) is delayed.", "\(text)")
                try await harness.screenshot(browser, "canned-response")
                try await browser.fill("#reply", text + "\nSorry for the wait.")
                try await browser.submit("form[action$=\"/reply\"] button")
                #expect(try await browser.waitForText("Done."))
                #expect(try await browser.element("#thread").text().contains("Sorry for the wait."))
                try await harness.expectCleanConsole(browser, "canned response")
            }
        }
    }
}
