import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// An agent runs a scenario from the ticket page in real Chromium: the ticket's properties change and the
    /// scenario's note appears in the thread, in one step.
    @Suite(.serialized) struct ScenarioBrowserTests {
        @Test func anAgentRunsAScenarioOnATicket() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var scenario = Scenarios.Changes()
                scenario.name = "Waiting for the courier"
                scenario.actions = [
                    .status(.pending), .priority(.high), .addTags(["courier"]), .addNote("<p>Asked the courier for a trace.</p>"),
                ]
                _ = try await Scenarios(harness.helpdesk).create(scenario, by: admin)
                var changes = TicketChanges()
                changes.subject = "Parcel stuck"
                changes.description = "<p>No movement for a week.</p>"
                let ticket = try await CreateTicket(harness.helpdesk)(changes, for: .email("max@example.com", name: "Max"), by: admin)
                    .ticket

                let bob = try await harness.browser()
                try await bob.signIn(harness, email: "bob@alpha.example", password: AccessControlBrowserTests.agentPassword)
                try await bob.go(harness.url("/console/tickets/\(ticket.id)"))
                try await bob.submit("#run-scenario")
                #expect(try await bob.waitForText("Done."))
                #expect(try await bob.element("#thread").text().contains("Asked the courier for a trace."))
                #expect(try await bob.execute("return document.getElementById('status').value").stringValue == "3")
                #expect(try await bob.execute("return document.getElementById('priority').value").stringValue == "3")
                #expect(try await bob.execute("return document.getElementById('tags').value").stringValue == "courier")
                try await harness.screenshot(bob, "scenario-run")
                try await harness.expectCleanConsole(bob, "scenario run")
            }
        }
    }
}
