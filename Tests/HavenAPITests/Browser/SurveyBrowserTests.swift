import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// A customer rates an answer on the portal in real Chromium: the survey shows on their ticket once an agent has
    /// answered; sending it without a choice says so and records nothing; their choice and words are recorded as
    /// their rating of that ticket.
    @Suite(.serialized) struct SurveyBrowserTests {
        @Test func aCustomerRatesTheAnswerOnTheirTicket() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let cora = try await PortalBrowserTests.customer(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var changes = TicketChanges()
                changes.subject = "Invoice twice"
                changes.description = "<p>I was charged twice.</p>"
                let ticket = try await CreateTicket(harness.helpdesk)(changes, for: .id(cora), by: admin).ticket
                var survey = Surveys.Changes()
                survey.title = "After an answer"
                survey.scale = 5
                survey.questions = ["Was the answer clear?"]
                _ = try await Surveys(harness.helpdesk).create(survey, by: admin)

                let customer = try await harness.browser(from: "::1")
                try await customer.go(harness.url("/sign-in"))
                try await customer.fill("#email", "cora@customer.example")
                try await customer.fill("#password", PortalBrowserTests.customerPassword)
                try await customer.submit("button[type=submit]")
                try await customer.go(harness.url("/tickets/\(ticket.id)"))
                _ = try await customer.waitFor("#thread")
                #expect(try await !customer.has("#rate"), "nothing to rate before an answer")

                _ = try await AddReply(harness.helpdesk)(
                    AddReply.Input(body: "<p>Refunded the second charge.</p>"), to: ticket.id, by: admin)
                try await customer.go(harness.url("/tickets/\(ticket.id)"))
                _ = try await customer.waitFor("#rate")
                try await customer.submit("#send-rating")
                #expect(try await customer.waitFor("#form-error").text().contains("Choose how happy you are"))
                try await customer.click("label[for=\"default_question_103\"]")
                try await customer.click("label[for^=\"question_\"][for$=\"_102\"]")
                try await customer.fill("#feedback", "Quick and kind, thank you.")
                try await customer.submit("#send-rating")
                #expect(try await customer.waitFor("#rated").text().contains("Very happy"))
                try await harness.screenshot(customer, "survey-portal")
                try await harness.expectCleanConsole(customer, "survey on the portal")

                let ratings = try await Surveys(harness.helpdesk).ratings(of: ticket.id, by: admin)
                #expect(ratings.count == 1)
                #expect(ratings.first?.userID == cora && ratings.first?.feedback == "Quick and kind, thank you.")
                #expect(ratings.first?.ratings.map(\.value).sorted() == [102, 103])
            }
        }
    }
}
