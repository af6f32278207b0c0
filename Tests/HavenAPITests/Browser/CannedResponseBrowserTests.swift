import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// Canned responses on the console in real Chromium: an admin makes a folder and a response on Admin → Canned
    /// responses (an empty name and an unknown placeholder named on their fields, the text kept), edits it; an agent
    /// then starts a reply from it above the reply box, its placeholders filled from the ticket, and sends it.
    @Suite(.serialized) struct CannedResponseBrowserTests {
        @Test func anAdminWritesACannedResponse_andAnAgentStartsAReplyFromIt() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var changes = TicketChanges()
                changes.subject = "Where is my parcel"
                changes.description = "<p>Still waiting.</p>"
                let ticket = try await CreateTicket(harness.helpdesk)(
                    changes, for: .email("lee@example.com", name: "Lee <Tiny>"), by: admin)

                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/admin"))
                try await browser.submit("a[href=\"/console/admin/canned\"]")
                try await browser.submit("#add-folder")
                #expect(try await browser.waitFor("#form-error").text().contains("name"))
                #expect(try await browser.element("#folder_name").attribute("aria-invalid") == "true")
                try await browser.fill("#folder_name", "Shipping")
                try await browser.submit("#add-folder")
                #expect(try await browser.waitForText("Done."))

                try await browser.fill("#title", "Parcel delayed")
                try await browser.fill("#content", "Hello {{ticket.requester.phone}},\n\nyour parcel for #{{ticket.id}} is delayed.")
                try await browser.submit("#save-response")
                #expect(try await browser.waitFor("#form-error").text().contains("Unknown placeholder {{ticket.requester.phone}}"))
                #expect(try await browser.element("#content").attribute("aria-invalid") == "true")
                let kept = try await browser.execute("return document.getElementById('content').value").stringValue ?? ""
                #expect(kept.hasPrefix("Hello {{ticket.requester.phone}},"), "the text is kept: \(kept)")
                try await browser.fill("#content", "Hello {{ticket.requester.name}},\n\nyour parcel for #{{ticket.id}} is late.")
                try await browser.submit("#save-response")
                #expect(try await browser.waitForText("Done."))
                try await browser.submit(".canned-list a")
                #expect(try await browser.waitFor("#response-form").text().contains("Edit “Parcel delayed”"))
                let edited = try await browser.execute("return document.getElementById('content').value").stringValue ?? ""
                try await browser.fill("#content", edited.replacingOccurrences(of: "is late.", with: "is delayed."))
                try await browser.submit("#save-response")
                #expect(try await browser.waitForText("Done."))
                try await harness.screenshot(browser, "canned-admin")
                try await harness.expectCleanConsole(browser, "canned responses")

                let bob = try await harness.browser()
                try await bob.signIn(harness, email: "bob@alpha.example", password: AccessControlBrowserTests.agentPassword)
                try await bob.go(harness.url("/console/tickets/\(ticket.ticket.id)"))
                try await bob.submit("#insert-canned")
                _ = try await bob.waitFor("#reply")
                let text = try await bob.execute("return document.getElementById('reply').value").stringValue ?? ""
                #expect(text == "Hello Lee <Tiny>,\n\nyour parcel for #\(ticket.ticket.id) is delayed.", "\(text)")
                try await harness.screenshot(bob, "canned-response")
                try await bob.fill("#reply", text + "\nSorry for the wait.")
                try await bob.submit("form[action$=\"/reply\"] button")
                #expect(try await bob.waitForText("Done."))
                #expect(try await bob.element("#thread").text().contains("Sorry for the wait."))
                // Agents use canned responses; they do not manage them.
                try await bob.go(harness.url("/console/admin/canned"))
                #expect(try await bob.pageText().contains("Not allowed"))
                try await harness.expectCleanConsole(bob, "canned response")

                // Deleted on the admin page: gone from the picker.
                try await browser.submit(".canned-list form button")
                #expect(try await browser.waitForText("Done."))
                try await bob.go(harness.url("/console/tickets/\(ticket.ticket.id)"))
                #expect(try await !bob.has("#insert-canned"))
            }
        }
    }
}
