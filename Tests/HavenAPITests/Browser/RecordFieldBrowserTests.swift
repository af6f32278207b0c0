import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// Contact and company custom fields on the console in real Chromium: each field shows as its type's control on
    /// the record's page; a required one left empty is named and marked; values saved there are the API's values.
    @Suite(.serialized) struct RecordFieldBrowserTests {
        @Test func anAgentFillsInContactAndCompanyFields() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                let fields = RecordFields(harness.helpdesk)
                var tier = RecordFields.Changes()
                tier.label = "Loyalty tier"
                tier.choices = ["Silver", "Gold"]
                _ = try await fields.create(.contact, type: .dropdown, tier, by: admin)
                var account = RecordFields.Changes()
                account.label = "Account number"
                account.requiredForAgents = true
                _ = try await fields.create(.contact, type: .text, account, by: admin)
                var renewal = RecordFields.Changes()
                renewal.label = "Contract end"
                _ = try await fields.create(.company, type: .date, renewal, by: admin)
                var person = ContactChanges()
                person.name = "Dana Field"
                person.email = "dana@customer.example"
                person.customFields = ["account_number": "AC-100"]
                let dana = try await CreateContact(harness.helpdesk)(person, by: admin)
                var firm = CompanyChanges()
                firm.name = "Fieldworks"
                let company = try await CreateCompany(harness.helpdesk)(firm, by: admin)

                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/contacts/\(dana.id)"))
                #expect(try await browser.element("#cf-account_number").attribute("value") == "AC-100")
                try await browser.fill("#cf-account_number", "")
                try await browser.submit("form[action$=\"/edit\"] button[type=submit]")
                #expect(try await browser.waitFor("#form-error").text().contains("account number"))
                #expect(try await browser.element("#cf-account_number").attribute("aria-invalid") == "true")
                try await browser.fill("#cf-account_number", "AC-200")
                _ = try await browser.execute("document.getElementById('cf-loyalty_tier').value = 'Gold';")
                try await browser.submit("form[action$=\"/edit\"] button[type=submit]")
                #expect(try await browser.waitForText("Done."))
                try await harness.screenshot(browser, "contact-fields")
                let saved = try await ContactQueries(harness.helpdesk).view(dana.id, by: admin)
                #expect(saved.customFields["loyalty_tier"] == "Gold" && saved.customFields["account_number"] == "AC-200")

                try await browser.go(harness.url("/console/companies/\(company.id)"))
                _ = try await browser.execute("document.getElementById('cf-contract_end').value = '2027-06-30';")
                try await browser.submit("form[action$=\"/edit\"] button[type=submit]")
                #expect(try await browser.waitForText("Done."))
                #expect(
                    try await CompanyQueries(harness.helpdesk).view(company.id, by: admin).customFields == ["contract_end": "2027-06-30"])
                try await harness.expectCleanConsole(browser, "record fields")
            }
        }
    }
}
