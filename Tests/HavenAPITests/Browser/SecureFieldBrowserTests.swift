import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// Custom fields on the console's ticket page, a secure one among them, in real Chromium: the admin sets an order
    /// number and a card for a refund; an agent sees the order number and only that a card is set (the number is in
    /// no page they get); resolving the ticket destroys the card, and the admin's page shows the field empty.
    @Suite(.serialized) struct SecureFieldBrowserTests {
        @Test func aSecureField_onTheConsole_isSeenByTheAdminOnly_andGoesAtResolution() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                for (label, type) in [("Order number", TicketField.CustomType.text), ("Card for refund", .secure)] {
                    var field = TicketFieldChanges()
                    field.label = label
                    _ = try await CreateTicketField(harness.helpdesk)(type: type, field, by: admin)
                }
                var changes = TicketChanges()
                changes.subject = "Refund for a broken kettle"
                changes.description = "<p>Please refund me.</p>"
                let ticket = try await CreateTicket(harness.helpdesk)(changes, for: .email("kim@example.com", name: "Kim Buyer"), by: admin)
                let card = "6011 0009 9013 9424"

                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/tickets/\(ticket.ticket.id)"))
                try await browser.fill("#cf-cf_order_number", "A-1009")
                try await browser.fill("#cf-cf_card_for_refund", card)
                try await browser.submit("form[action$=\"/properties\"] button")
                #expect(try await browser.waitForText("Done."))
                #expect(try await browser.element("#cf-cf_card_for_refund").attribute("value") == card)
                #expect(try await browser.element("#cf-cf_order_number").attribute("value") == "A-1009")
                try await browser.resize(width: 1280, height: 1500)
                try await browser.element("aside.properties").screenshot(to: BrowserHarness.screenshots + "/secure-field.png")

                let bob = try await harness.browser()
                try await bob.signIn(harness, email: "bob@alpha.example", password: AccessControlBrowserTests.agentPassword)
                try await bob.go(harness.url("/console/tickets/\(ticket.ticket.id)"))
                #expect(try await bob.waitFor("#cf-cf_card_for_refund").attribute("placeholder") == "•••• (set)")
                #expect(try await bob.element("#cf-cf_card_for_refund").attribute("value") == "")
                let source = try await bob.execute("return document.documentElement.outerHTML").stringValue ?? ""
                #expect(!source.contains("9424") && source.contains("A-1009"))
                // The agent saves other properties: the card they cannot see stays as it was.
                try await bob.fill("#tags", "refund")
                try await bob.submit("form[action$=\"/properties\"] button")
                #expect(try await bob.waitForText("Done."))
                try await bob.resize(width: 1280, height: 1500)
                try await bob.element("aside.properties").screenshot(to: BrowserHarness.screenshots + "/secure-field-agent.png")
                try await browser.go(harness.url("/console/tickets/\(ticket.ticket.id)"))
                #expect(try await browser.waitFor("#cf-cf_card_for_refund").attribute("value") == card)

                // Resolved: the card is destroyed, and nothing of it comes back.
                _ = try await browser.execute("document.getElementById('status').value = '4'; return null")
                try await browser.submit("form[action$=\"/properties\"] button")
                #expect(try await browser.waitForText("Done."))
                #expect(try await browser.element("#cf-cf_card_for_refund").attribute("value") == "")
                #expect(try await browser.element("#cf-cf_order_number").attribute("value") == "A-1009")
                let store = harness.helpdesk.store
                #expect(try await store.read { sql in try await sql.scalar("SELECT count(*) FROM secure_values") } == 0)
                try await harness.expectCleanConsole(browser, "secure field")
                try await harness.expectCleanConsole(bob, "secure field, agent")
            }
        }
    }
}
