import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// Admin → Automation in real Chromium: the admin adds a scenario (an empty name named on its field), a skill that
    /// routes urgent tickets to Bob, and a survey; a new urgent ticket then goes to Bob, the survey is the active one,
    /// and a plain agent may not open the page.
    @Suite(.serialized) struct AutomationBrowserTests {
        @Test func anAdminSetsUpScenariosSkillsAndASurvey() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/admin"))
                try await browser.submit("a[href=\"/console/admin/automation\"]")

                _ = try await browser.execute("document.getElementById('priority').value = '4';")
                try await browser.submit("#add-scenario")
                #expect(try await browser.waitFor("#form-error").text().contains("name"))
                #expect(try await browser.element("#name").attribute("aria-invalid") == "true")
                try await browser.fill("#name", "Escalate")
                _ = try await browser.execute("document.getElementById('priority').value = '4';")
                try await browser.fill("#add_tag", "escalated")
                try await browser.submit("#add-scenario")
                #expect(try await browser.waitForText("Done."))
                #expect(try await browser.element("#scenario-list").text().contains("priority → Urgent · tags + escalated"))

                try await browser.fill("#skill_name", "Urgent desk")
                try await browser.click("label[for=\"skill_priority_4\"]")
                let bob = try await AgentQueries(harness.helpdesk).list(AgentFilter(), page: PageRequest(page: 1, perPage: 50), by: admin)
                    .items.first { $0.profile.contact.email == "bob@alpha.example" }
                let bobID = try #require(bob?.profile.contact.id)
                try await browser.click("label[for=\"skill_agent_\(bobID)\"]")
                try await browser.submit("#add-skill")
                #expect(try await browser.waitForText("Done."))
                #expect(try await browser.element("#skill-list").text().contains("for priority Urgent"))

                try await browser.fill("#title", "How did we do?")
                try await browser.fill("#questions", "Was the answer clear?")
                try await browser.submit("#add-survey")
                #expect(try await browser.waitForText("Done."))
                #expect(try await browser.element("#survey-list").text().contains("Active"))
                try await harness.screenshot(browser, "automation-admin")
                try await harness.expectCleanConsole(browser, "automation admin")

                var changes = TicketChanges()
                changes.subject = "Server down"
                changes.description = "<p>Everything is down.</p>"
                changes.priority = .urgent
                let routed = try await CreateTicket(harness.helpdesk)(changes, for: .email("ops@customer.example", name: "Ops"), by: admin)
                #expect(routed.ticket.responderID == bobID, "the new urgent ticket went to Bob, who has the skill")
                #expect(try await Surveys(harness.helpdesk).all(by: admin).first?.active == true)

                let supervisor = try await harness.browser()
                try await supervisor.signIn(harness, email: "bob@alpha.example", password: AccessControlBrowserTests.agentPassword)
                try await supervisor.go(harness.url("/console/admin/automation"))
                #expect(try await supervisor.pageText().contains("Not allowed"), "a plain agent does not set up automation")
            }
        }
    }
}
