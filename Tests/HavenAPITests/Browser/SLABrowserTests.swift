import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// Service levels on the console in real Chromium: an admin sets business hours and the default policy on
    /// Admin → SLA (a slot that ends before it starts, and a target that is not a duration, named on their fields with
    /// what was typed kept); an agent then sees a new ticket's dates under Properties, and "overdue" once the
    /// first-response date has passed.
    @Suite(.serialized) struct SLABrowserTests {
        @Test func anAdminSetsServiceLevels_andAnAgentSeesTheDatesOnTheTicket() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/admin"))
                try await browser.submit("a[href=\"/console/admin/sla\"]")
                #expect(try await browser.waitForText("No policies yet"))

                try await browser.fill("#hours_name", "Head office")
                try await browser.fill("#day_monday", "5:00 pm - 9:00 am")
                try await browser.fill("#holidays", "12-25 Christmas\n02-30 Nonsense")
                try await browser.submit("#save-hours")
                let error = try await browser.waitFor("#form-error").text()
                #expect(error.contains("business hours.monday.end time") && error.contains("holidays[1].date"), "\(error)")
                #expect(try await browser.element("#day_monday").attribute("aria-invalid") == "true")
                #expect(try await browser.element("#holidays").attribute("aria-invalid") == "true")
                let kept = try await browser.execute("return document.getElementById('holidays').value").stringValue ?? ""
                #expect(kept == "12-25 Christmas\n02-30 Nonsense")
                try await browser.fill("#day_monday", "9:00 am - 12:00 pm, 1:00 pm - 5:00 pm")
                try await browser.fill("#holidays", "12-25 Christmas")
                try await browser.submit("#save-hours")
                #expect(try await browser.waitForText("Done."))
                #expect(try await browser.pageText().contains("Mon 9:00 am–12:00 pm, 1:00 pm–5:00 pm"))

                try await browser.fill("#policy_name", "Standard")
                try await browser.click("#policy_default")
                try await browser.fill("#p4_respond", "soon")
                try await browser.submit("#save-policy")
                #expect(try await browser.waitFor("#form-error").text().contains("sla target.priority 4.respond within"))
                #expect(try await browser.element("#p4_respond").attribute("aria-invalid") == "true")
                try await browser.fill("#p4_respond", "15m")
                try await browser.fill("#p4_resolve", "2h")
                try await browser.submit("#save-policy")
                #expect(try await browser.waitForText("Done."))
                let policy = try await browser.element("table[id^=\"policy-\"]").text()
                #expect(policy.contains("Standard") && policy.contains("15m") && policy.contains("2h"), "\(policy)")
                // A policy set through the API with what the form does not show (a company, a second resolution level):
                // renamed here, the rest is kept.
                let admin0 = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var firm = CompanyChanges()
                firm.name = "Big Customer"
                let company = try await CreateCompany(harness.helpdesk)(firm, by: admin0)
                var vip = SLAPolicies.Changes()
                vip.name = "VIP"
                vip.targets = Dictionary(
                    uniqueKeysWithValues: TicketPriority.allCases.map { ($0, SLATarget(respondWithin: 900, resolveWithin: 3600)) })
                var conditions = SLAConditions()
                conditions.companyIDs = [company.id]
                vip.conditions = conditions
                vip.escalation = SLAEscalation(
                    resolution: [
                        SLAEscalationStep(after: 0, agentIDs: [-1]), SLAEscalationStep(after: 3600, agentIDs: [harness.adminID.rawValue]),
                    ])
                let vipPolicy = try await SLAPolicies(harness.helpdesk).create(vip, by: admin0)
                try await browser.go(harness.url("/console/admin/sla?policy=\(vipPolicy.id)"))
                #expect(try await browser.waitFor("#kept-companies").text().contains("#\(company.id)"))
                try await browser.fill("#policy_name", "Very important")
                try await browser.submit("#save-policy")
                #expect(try await browser.waitForText("Done."))
                let saved = try await SLAPolicies(harness.helpdesk).find(vipPolicy.id, by: admin0)
                #expect(saved.name == "Very important" && saved.conditions.companyIDs == [company.id])
                #expect(saved.escalation.resolution.count == 2, "\(saved.escalation)")
                try await browser.go(harness.url("/console/admin/sla"))
                try await browser.resize(width: 1280, height: 2200)
                try await harness.screenshot(browser, "sla-admin")
                try await harness.expectCleanConsole(browser, "SLA admin")

                // A new urgent ticket: its dates under Properties; past the first-response date, "overdue".
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var changes = TicketChanges()
                changes.subject = "Checkout is down"
                changes.description = "<p>Nobody can pay.</p>"
                changes.priority = .urgent
                let ticket = try await CreateTicket(harness.helpdesk)(changes, for: .email("kim@example.com", name: "Kim"), by: admin)
                let due = try #require(ticket.ticket.frDueBy)
                #expect(due == ticket.ticket.createdAt.adding(seconds: 900))
                let bob = try await harness.browser()
                try await bob.signIn(harness, email: "bob@alpha.example", password: AccessControlBrowserTests.agentPassword)
                try await bob.go(harness.url("/console/tickets/\(ticket.ticket.id)"))
                let dates = try await bob.waitFor("#sla").text()
                #expect(dates.contains("First response due") && dates.contains("Resolution due") && !dates.contains("overdue"), "\(dates)")
                harness.clock.advance(seconds: 1000)
                try await bob.go(harness.url("/console/tickets/\(ticket.ticket.id)"))
                #expect(try await bob.waitFor("#sla").text().contains("overdue"))
                try await harness.screenshot(bob, "sla-ticket")
                // Agents see the dates; they do not set the policies.
                try await bob.go(harness.url("/console/admin/sla"))
                #expect(try await bob.pageText().contains("Not allowed"))
                try await harness.expectCleanConsole(bob, "SLA ticket")
            }
        }
    }
}
