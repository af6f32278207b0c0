import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// Admin → Retention in real Chromium: a bad number is named on its field; rules are previewed (how many would go
    /// now) before "Save these rules" appears; saving over a preview that has gone stale (more would go by then) is
    /// refused with the counts, and the rules are saved only after previewing again.
    @Suite(.serialized) struct RetentionBrowserTests {
        @Test func rulesArePreviewedThenSaved_andAStalePreviewIsRefused() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var changes = TicketChanges()
                changes.subject = "Old question"
                changes.description = "<p>answered long ago</p>"
                changes.status = .closed
                _ = try await CreateTicket(harness.helpdesk)(changes, for: .email("old@example.com", name: "Old Customer"), by: admin)
                // Closed two days ago, less half an hour (the session's idle limit is an hour: the clock moves in minutes).
                harness.clock.advance(seconds: 2 * 86_400 - 30 * 60)

                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/admin"))
                try await browser.submit("a[href=\"/console/admin/retention\"]")
                try await browser.fill("#closed_ticket_days", "0")
                try await browser.submit("#preview-rules")
                #expect(try await browser.waitFor("#form-error").text().contains("closed ticket days"))
                #expect(try await browser.element("#closed_ticket_days").attribute("aria-invalid") == "true")

                try await browser.fill("#closed_ticket_days", "2")
                try await browser.fill("#inactive_contact_days", "")
                try await browser.submit("#preview-rules")
                #expect(try await browser.waitFor("#preview").text().contains("0 tickets and 0 contacts would be deleted now"))
                try await harness.screenshot(browser, "retention-preview")

                // Forty minutes pass before the admin saves: the closed ticket would now go, which the preview did not say.
                harness.clock.advance(seconds: 40 * 60)
                try await browser.submit("#save-rules")
                #expect(try await browser.waitFor("#form-error").text().contains("preview again"))
                #expect(try await Retention(harness.helpdesk).rules(by: admin) == RetentionRules())
                try await browser.submit("#preview-rules")
                #expect(try await browser.waitFor("#preview").text().contains("1 ticket and 0 contacts"))
                try await browser.submit("#save-rules")
                #expect(try await browser.waitForText("Done."))
                #expect(try await Retention(harness.helpdesk).rules(by: admin) == RetentionRules(closedTicketDays: 2))
                #expect(try await browser.element("#closed_ticket_days").attribute("value") == "2")
                try await harness.screenshot(browser, "retention")
                try await harness.expectCleanConsole(browser, "retention")
            }
        }
    }
}
