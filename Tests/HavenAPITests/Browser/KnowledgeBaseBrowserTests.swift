import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// The knowledge base in real Chromium: an admin builds it on Admin → Knowledge base (an empty name named on its
    /// field; a folder for one company); a visitor reads the public article on the portal — its formatting kept, its
    /// script inert — votes, and searches (drafts and closed folders never shown); a signed-in customer of that
    /// company also sees its folder, and sees suggestions while typing a new ticket's subject.
    @Suite(.serialized) struct KnowledgeBaseBrowserTests {
        @Test func anAdminWritesArticles_visitorsAndCustomersReadThemOnThePortal() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let cora = try await PortalBrowserTests.customer(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var company = CompanyChanges()
                company.name = "Cora Co"
                let coraCo = try await CreateCompany(harness.helpdesk)(company, by: admin)
                var membership = ContactChanges()
                membership.companyID = .some(coraCo.id)
                _ = try await UpdateContact(harness.helpdesk)(cora, membership, by: admin)

                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/admin"))
                try await browser.submit("a[href=\"/console/admin/solutions\"]")
                try await browser.submit("#add-category")
                #expect(try await browser.waitFor("#form-error").text().contains("name"))
                #expect(try await browser.element("#category_name").attribute("aria-invalid") == "true")
                try await browser.fill("#category_name", "Printing")
                try await browser.submit("#add-category")
                #expect(try await browser.waitForText("Done."))
                try await browser.fill("#folder_name", "Troubleshooting")
                try await browser.submit("#add-folder")
                #expect(try await browser.waitForText("Done."))
                try await browser.fill("#folder_name", "Partners only")
                _ = try await browser.execute("document.getElementById('visibility').value = '4';")
                try await browser.fill("#companies", "Nobody Ltd")
                try await browser.submit("#add-folder")
                #expect(try await browser.waitFor("#form-error").text().contains("There is no company named “Nobody Ltd”"))
                try await browser.fill("#companies", "Cora Co")
                _ = try await browser.execute("document.getElementById('visibility').value = '4';")
                try await browser.submit("#add-folder")
                #expect(try await browser.waitForText("Done."))

                let folders = try await KnowledgeBase(harness.helpdesk).tree(by: admin).folders
                let open = try #require(folders.first { $0.name == "Troubleshooting" })
                let partners = try #require(folders.first { $0.name == "Partners only" })
                #expect(partners.visibility == .companies && partners.companyIDs == [coraCo.id])
                func write(_ folder: SolutionFolder, _ title: String, _ body: String, published: Bool) async throws {
                    _ = try await browser.execute(
                        "document.getElementById('folder_id').value = '\(folder.id)'; document.getElementById('status').value = '\(published ? 2 : 1)';"
                    )
                    try await browser.fill("#title", title)
                    try await browser.fill("#description", body)
                    try await browser.submit("#save-article")
                    #expect(try await browser.waitForText("Done."), "\(title)")
                }
                try await write(
                    open, "Printer says paper jam",
                    "<h2>Clear the jam</h2><p>Open tray <strong>2</strong> and pull the sheet.</p><ul><li>Switch off first</li><li>Pull gently</li></ul><script>window.havenXSS = 1</script><p><a href=\"javascript:window.havenXSS=2\">bad link</a></p>",
                    published: true)
                try await write(open, "Unreleased printer driver", "<p>Not ready yet.</p>", published: false)
                try await write(partners, "Partner printer pricing", "<p>Partners pay less for toner.</p>", published: true)
                #expect(try await browser.element("#article-form").text().contains("New article"))
                try await harness.screenshot(browser, "kb-admin")
                try await harness.expectCleanConsole(browser, "knowledge base admin")

                // A visitor: the public folder only, the published article only; formatting kept, script inert.
                let visitor = try await harness.browser(from: "::1")
                try await visitor.go(harness.url("/"))
                try await visitor.submit("a[href=\"/help\"]")
                let home = try await visitor.pageText()
                #expect(home.contains("Printing") && home.contains("Troubleshooting") && !home.contains("Partners only"), "\(home)")
                try await visitor.submit("a[href=\"/help/folders/\(open.id)\"]")
                let folderText = try await visitor.element("#articles").text()
                #expect(folderText.contains("Printer says paper jam") && !folderText.contains("Unreleased"), "\(folderText)")
                try await visitor.submit("#articles a")
                #expect(try await visitor.element("#article-body h2").text() == "Clear the jam")
                #expect(try await visitor.elements("#article-body li").count == 2)
                #expect(try await !visitor.has("#article-body script"))
                try await visitor.click("#article-body a")
                #expect(try await visitor.execute("return window.havenXSS === undefined").boolValue == true)
                try await harness.screenshot(visitor, "kb-article")
                try await visitor.submit("#vote-yes")
                #expect(try await visitor.waitFor("#voted").text().contains("Thank you"))
                try await visitor.go(harness.url("/help/search?term=printer"))
                let results = try await visitor.element("#results").text()
                #expect(
                    results.contains("Printer says paper jam") && !results.contains("Unreleased") && !results.contains("Partner"),
                    "\(results)")
                try await visitor.go(harness.url("/help/folders/\(partners.id)"))
                #expect(try await visitor.pageText().contains("Article not found"))
                try await harness.expectCleanConsole(visitor, "help for a visitor")

                // Cora, of Cora Co: the partners' folder too, and suggestions while she types a subject.
                let customer = try await harness.browser(from: "::1")
                try await customer.go(harness.url("/sign-in"))
                try await customer.fill("#email", "cora@customer.example")
                try await customer.fill("#password", PortalBrowserTests.customerPassword)
                try await customer.submit("button[type=submit]")
                try await customer.go(harness.url("/help"))
                #expect(try await customer.pageText().contains("Partners only"))
                try await customer.go(harness.url("/tickets/new"))
                try await customer.fill("#subject", "my printer shows a paper jam")
                let suggestions = try await customer.waitFor("#suggestions a")
                #expect(try await suggestions.text() == "Printer says paper jam")
                #expect(try await customer.element("#suggestions").text().contains("Partner printer pricing"))
                let listed = try await customer.element("#suggestions").text()
                #expect(
                    !listed.contains("Unreleased") && !listed.contains("havenXSS"), "drafts and script text are not suggested: \(listed)")
                try await harness.screenshot(customer, "kb-suggestions")
                try await harness.expectCleanConsole(customer, "suggestions on the new-ticket form")

                // The admin's outline counts the reading and the vote.
                try await browser.go(harness.url("/console/admin/solutions"))
                let row = try await browser.element(
                    "#article-\(try #require(try await KnowledgeBase(harness.helpdesk).search("jam", by: admin).first).id)"
                ).text()
                #expect(row.contains("2 views") && row.contains("1 helpful"), "the reading and the page after the vote: \(row)")
            }
        }
    }
}
