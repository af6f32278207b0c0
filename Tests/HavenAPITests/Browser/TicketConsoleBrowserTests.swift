import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// The agent console's tickets in real Chromium: list, views, search, paging, a ticket's thread, reply, private
    /// note and properties — each change the same audit entry the API records.
    @Suite(.serialized) struct TicketConsoleBrowserTests {
        @Test func listSearchAndPage_thenReplyNoteAndProperties() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                for index in 1...12 {
                    var changes = TicketChanges()
                    changes.subject = index == 7 ? "Invoice <b>not</b> received" : "Question number \(index)"
                    changes.description = index == 7 ? "<p>Where is my invoice for March?</p>" : "<p>Details \(index)</p>"
                    changes.priority = index == 7 ? .high : .low
                    _ = try await CreateTicket(harness.helpdesk)(
                        changes, for: .email("customer\(index % 3)@example.com", name: "Customer \(index % 3)"), by: admin)
                }
                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.submit("a[href=\"/console/tickets\"]")
                #expect(try await browser.elements("#tickets tbody tr").count == 12)
                try await harness.screenshot(browser, "tickets")
                // Ten a page: two pages.
                _ = try await browser.execute("document.querySelector('#per_page').value = '10';")
                try await browser.submit(".per-page button")
                #expect(try await browser.elements("#tickets tbody tr").count == 10)
                try await browser.submit("a[rel=next]")
                #expect(try await browser.elements("#tickets tbody tr").count == 2)
                #expect(try await browser.has("a[rel=prev]"))
                #expect(try await !browser.has("a[rel=next]"))
                // Search by the query language and by words.
                try await browser.fill("#q", "priority:3")
                try await browser.submit(".search button")
                #expect(try await browser.elements("#tickets tbody tr").count == 1)
                #expect(
                    try await browser.element("#tickets tbody tr").text().contains("Invoice <b>not</b> received"), "HTML is shown as text")
                try await browser.fill("#q", "priority:")
                try await browser.submit(".search button")
                #expect(try await browser.waitFor("#form-error").text().isEmpty == false)

                try await browser.go(harness.url("/console/tickets/7"))
                #expect(try await browser.waitForText("Where is my invoice for March?"))
                // Someone else changes the ticket while the page is open: the reply is not sent over it, the page
                // shows the ticket as it is now and keeps the text typed.
                var other = TicketChanges()
                other.tags = ["seen-by-someone-else"]
                _ = try await UpdateTicket(harness.helpdesk)(TicketID(7), other, requester: nil, by: admin)
                try await browser.fill("#reply", "A reply typed over a change")
                try await browser.submit("form[action=\"/console/tickets/7/reply\"] button")
                #expect(try await browser.waitFor("#form-error").text().contains("Someone else changed this"))
                #expect(try await browser.element("#reply").text() == "A reply typed over a change")
                #expect(try await browser.element("#tags").attribute("value") == "seen-by-someone-else")
                try await browser.fill("#reply", "Hello,\n\nit is attached <here>.")
                // With a file, chosen as a person does (the file input takes a path on this machine).
                let file = NSTemporaryDirectory() + "invoice-march-\(UUID().uuidString.prefix(8)).txt"
                try "Invoice 2026-03: 42 EUR".write(toFile: file, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(atPath: file) }
                try await browser.element("#reply-files").type(file)
                try await browser.submit("form[action=\"/console/tickets/7/reply\"] button")
                try await browser.fill("#note", "Checked with accounting")
                try await browser.submit("form[action=\"/console/tickets/7/note\"] button")
                _ = try await browser.execute(
                    "document.querySelector('#status').value = '3'; document.querySelector('#priority').value = '4';"
                        + "document.querySelector('#type').value = 'Refund';")
                try await browser.fill("#tags", "billing, march")
                try await browser.submit(".properties button")
                let thread = try await browser.waitFor("#thread").text()
                #expect(thread.contains("it is attached <here>."))
                #expect(thread.contains((file as NSString).lastPathComponent), "the reply lists its file")
                let files = try await AttachmentQueries(harness.helpdesk).list(ticket: TicketID(7), by: admin)
                #expect(files.count == 1 && files.first?.size == 23)
                #expect(thread.contains("Checked with accounting") && thread.contains("private note"))
                #expect(try await browser.pageText().contains("Pending"))
                try await harness.screenshot(browser, "ticket")
                try await harness.expectCleanConsole(browser, "tickets")

                let ticket = try await TicketQueries(harness.helpdesk).view(TicketID(7), including: [], by: admin).details.ticket
                #expect(
                    ticket.status == .pending && ticket.priority == .urgent && ticket.type == "Refund"
                        && ticket.tags == ["billing", "march"])
                let actions = try await harness.auditActions()
                for expected in ["ticket.replied", "ticket.note_added", "ticket.updated"] {
                    #expect(actions.contains(expected), "the console records \(expected) as the API does")
                }
            }
        }

        /// A former agent erased for good: their replies and notes stay on the tickets, under "Deleted agent #N",
        /// and their name is in no answer — console pages, the API's tickets, conversations, agents, contacts and
        /// audit log.
        @Test func aFormerAgentErased_leavesTheirRepliesUnderAPlaceholder_andTheirNameNowhere() async throws {
            try await BrowserHarness.run { harness in
                let bob = try await AccessControlBrowserTests.prepare(harness)
                let helpdesk = harness.helpdesk
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var profile = AgentProfileChanges()
                profile.name = "Fiona Formerly"
                profile.phone = "+1 555 0100"
                var settings = AgentSettings()
                settings.signature = "Fiona, support team"
                let fiona = try await CreateAgent(helpdesk)(email: "fiona.formerly@alpha.example", profile, settings, by: admin)
                    .profile.contact.id
                var changes = TicketChanges()
                changes.subject = "Heater broken"
                changes.description = "<p>It is cold</p>"
                let ticket = try await CreateTicket(helpdesk)(changes, for: .email("cold@example.com", name: "Cold Customer"), by: admin)
                    .ticket.id
                let asFiona = Principal.agent(fiona, role: .agent, apiKey: nil, tenant: harness.tenant.id)
                _ = try await AddReply(helpdesk)(AddReply.Input(body: "<p>A technician comes on Monday</p>"), to: ticket, by: asFiona)
                _ = try await AddNote(helpdesk)(AddNote.Input(body: "<p>Called the customer</p>"), to: ticket, by: asFiona)
                // She leaves: an agent no more, still a contact (her replies keep her name) — then erased for good.
                try await DeleteAgent(helpdesk)(fiona, by: admin)
                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/tickets/\(ticket.rawValue)"))
                #expect(try await browser.waitFor("#thread").text().contains("Fiona Formerly"))
                try await EraseContact(helpdesk)(fiona, force: true, by: admin)

                try await browser.go(harness.url("/console/tickets/\(ticket.rawValue)"))
                let thread = try await browser.waitFor("#thread").text()
                #expect(thread.contains("A technician comes on Monday") && thread.contains("Called the customer"))
                #expect(thread.components(separatedBy: "Deleted agent #\(fiona.rawValue)").count == 3, "\(thread)")
                try await harness.screenshot(browser, "former-agent")
                for page in [
                    "/console/tickets/\(ticket.rawValue)", "/console/tickets", "/console/contacts", "/console/admin/agents",
                    "/console/admin/audit",
                ] {
                    try await browser.go(harness.url(page))
                    let text = try await browser.pageText()
                    #expect(!text.contains("Fiona") && !text.contains("fiona.formerly"), "\(page) names her")
                }
                let key = harness.adminAPIKey
                for path in [
                    "/api/v2/tickets/\(ticket.rawValue)?include=requester", "/api/v2/tickets/\(ticket.rawValue)/conversations",
                    "/api/v2/agents", "/api/v2/contacts", "/api/v2/contacts/autocomplete?term=Fio",
                ] {
                    let (status, body) = try await harness.api("GET", path, key: key)
                    #expect(status == 200, "\(path): \(body)")
                    #expect(!body.contains("Fiona") && !body.contains("fiona.formerly") && !body.contains("555 0100"), "\(path)")
                    if path.hasSuffix("/conversations") { #expect(body.contains("A technician comes on Monday")) }
                }
                #expect(try await harness.api("GET", "/api/v2/contacts/\(fiona.rawValue)", key: key).status == 404)
                _ = bob
            }
        }

        @Test func contacts_editSoftDeleteRestore_andDeleteForeverAfterConfirmingWhatGoes() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                for index in 1...2 {
                    var changes = TicketChanges()
                    changes.subject = "Order \(index)"
                    changes.description = "<p>About order \(index)</p>"
                    _ = try await CreateTicket(harness.helpdesk)(changes, for: .email("dana@example.com", name: "Dana Doe"), by: admin)
                }
                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.submit("a[href=\"/console/contacts\"]")
                try await browser.submit("#contacts a")
                #expect(try await browser.waitForText("Dana Doe"))
                // A bad e-mail address: the form comes back with the field marked and nothing saved.
                try await browser.fill("#contact_email", "not an address")
                try await browser.submit("form[action$=\"/edit\"] button")
                #expect(try await browser.waitFor("#form-error").text().contains("email"))
                #expect(try await browser.element("#contact_email").attribute("aria-invalid") == "true")
                try await browser.fill("#contact_email", "dana@example.com")
                try await browser.fill("#job_title", "Buyer")
                try await browser.submit("form[action$=\"/edit\"] button")
                #expect(try await browser.waitForText("Done."))
                try await browser.submit("#soft-delete")
                #expect(try await browser.waitFor("h1 .badge.red").text() == "deleted")
                try await browser.go(harness.url("/console/contacts?state=deleted"))
                #expect(try await browser.waitFor("#contacts").text().contains("Dana Doe"))
                try await browser.submit("#contacts a")
                try await browser.submit("#restore")
                #expect(try await !browser.has("h1 .badge.red"))

                // Export the contacts: the page follows the job and offers the file (downloaded here with the session).
                let danaPage = try await browser.currentURL()
                try await browser.go(harness.url("/console/contacts"))
                try await browser.submit("#export-contacts")
                try await browser.click("#field_job_title")
                try await browser.submit("#start-export")
                var ready = false
                for _ in 0..<40 where !ready {
                    ready = try await browser.has("#download")
                    if !ready { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(ready, "the export page shows the file once the job is done")
                #expect(try await browser.element("#export").text().contains("Ready: "))
                try await harness.screenshot(browser, "export")
                let href = try #require(try await browser.element("#download").attribute("href"))
                let response = try await harness.download(href, as: browser)
                let csv = String(response[(response.range(of: "\r\n\r\n")?.upperBound ?? response.startIndex)...])
                #expect(csv.hasPrefix("name,email,phone,job_title,company_id\r\n") && csv.contains("Dana Doe,dana@example.com"), "\(csv)")
                try await harness.expectCleanConsole(browser, "export")

                // Export the tickets, as JSON with their descriptions as text.
                try await browser.go(harness.url("/console/tickets"))
                try await browser.submit("#export-tickets")
                try await browser.click("#field_description")
                try await browser.click("#format_json")
                try await browser.click("#status_2")
                try await harness.screenshot(browser, "export-tickets")
                try await browser.submit("#start-export")
                ready = false
                for _ in 0..<40 where !ready {
                    ready = try await browser.has("#download")
                    if !ready { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(try await browser.element("#export").text().contains("Ready: 2 tickets."))
                let ticketsHref = try #require(try await browser.element("#download").attribute("href"))
                let tickets = try await harness.download(ticketsHref, as: browser)
                #expect(tickets.lowercased().contains("content-disposition: attachment; filename=\"tickets-"))
                let body = String(tickets[(tickets.range(of: "\r\n\r\n")?.upperBound ?? tickets.startIndex)...])
                let rows = try JSONParser.parse(Array(body.utf8)).arrayValue?.compactMap(\.objectValue) ?? []
                #expect(rows.map { $0.string("subject") ?? "" }.sorted() == ["Order 1", "Order 2"], "\(body)")
                #expect(
                    rows.allSatisfy {
                        $0.string("requester_name") == "Dana Doe" && $0.string("description")?.hasPrefix("About order") == true
                    })
                try await harness.expectCleanConsole(browser, "ticket export")
                try await browser.go(danaPage)

                // Her data package: one button on her page, the same following page, a zip with a manifest.
                try await browser.submit("#data-package")
                ready = false
                for _ in 0..<40 where !ready {
                    ready = try await browser.has("#download")
                    if !ready { try await Task.sleep(for: .milliseconds(250)) }
                }
                let packageText = try await browser.element("#export").text()
                #expect(
                    packageText.contains("Data package") && packageText.contains("Ready: a zip of") && packageText.contains("2 tickets"),
                    "\(packageText)")
                try await harness.screenshot(browser, "data-package")
                let packageHref = try #require(try await browser.element("#download").attribute("href"))
                let package = try await harness.download(packageHref, as: browser)
                #expect(package.lowercased().contains("content-type: application/zip"))
                #expect(package.contains("\r\n\r\nPK\u{03}\u{04}") && package.contains("manifest.json"))
                try await harness.expectCleanConsole(browser, "data package")
                try await browser.go(danaPage)

                // Delete forever: the password again (the sign-in was over five minutes ago), then what goes, named.
                harness.clock.advance(seconds: 6 * 60)
                try await browser.submit("#erase")
                #expect(try await browser.waitForPath("/confirm"))
                try await browser.fill("#password", AccessControlBrowserTests.adminPassword)
                try await browser.submit("button.primary")
                let named = try await browser.waitFor("#what-goes").text()
                #expect(named.contains("Dana Doe (dana@example.com)") && named.contains("2 tickets"))
                try await harness.screenshot(browser, "delete-forever")
                try await browser.submit("#confirm-erase")
                #expect(try await browser.waitForText("gone for good"))
                #expect(try await !browser.pageText().contains("Dana Doe"))
                try await harness.expectCleanConsole(browser, "contacts")
                let actions = try await harness.auditActions()
                for expected in ["contact.updated", "contact.deleted", "contact.restored", "contact.hard_deleted", "auth.reauthenticated"] {
                    #expect(actions.contains(expected), "audit has \(expected)")
                }
            }
        }

        @Test func companies_createEdit_deleteRestore_andDeleteForever() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.submit("a[href=\"/console/companies\"]")
                try await browser.submit("form[action=\"/console/companies/create\"] button")
                #expect(try await browser.waitFor("#form-error").text().contains("name"))
                #expect(try await browser.element("#new_name").attribute("aria-invalid") == "true")
                try await browser.fill("#new_name", "Acme <Corp>")
                try await browser.fill("#new_domains", "acme.example")
                try await browser.submit("form[action=\"/console/companies/create\"] button")
                #expect(try await browser.waitFor("h1").text() == "Acme <Corp>")
                let path = try await browser.currentURL()
                let id = try #require(path.split(separator: "/").last?.split(separator: "?").first.flatMap { Int64($0) })
                // A contact of the company shows on its page.
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                var contact = ContactChanges()
                contact.name = "Carla Acme"
                contact.email = "carla@acme.example"
                contact.companyID = .some(CompanyID(id))
                let carla = try await CreateContact(harness.helpdesk)(contact, by: admin).id
                try await browser.go(harness.url("/console/companies/\(id)"))
                #expect(try await browser.element("#company-contacts").text().contains("Carla Acme"))
                // A bad domain is named and marked; the rest of what was typed stays.
                try await browser.fill("#domains", "not a domain")
                try await browser.fill("#industry", "Rockets")
                try await browser.submit("form[action=\"/console/companies/\(id)/edit\"] button[type=submit]")
                #expect(try await browser.waitFor("#form-error").text().contains("domains"))
                #expect(try await browser.element("#domains").attribute("aria-invalid") == "true")
                #expect(try await browser.element("#industry").attribute("value") == "Rockets")
                try await browser.fill("#domains", "acme.example, acme.test")
                try await browser.submit("form[action=\"/console/companies/\(id)/edit\"] button[type=submit]")
                #expect(try await browser.waitForText("Done."))
                try await harness.screenshot(browser, "company")
                try await browser.submit("#delete-company")
                #expect(try await browser.element("#what-goes").text().contains("Its 1 contact and its tickets stay, without the company"))
                try await browser.submit("#confirm-delete")
                #expect(try await browser.waitForText("The company is in Deleted companies"))
                #expect(try await browser.element("#companies tbody").text().contains("Acme <Corp>"), "listed in Deleted companies")
                // Integrations see it deleted: gone from the API, the contact without it.
                let key = harness.adminAPIKey
                #expect(try await harness.api("GET", "/api/v2/companies/\(id)", key: key).status == 404)
                #expect(try await !harness.api("GET", "/api/v2/companies", key: key).body.contains("acme.example"))
                #expect(try await harness.api("GET", "/api/v2/contacts/\(carla)", key: key).body.contains("\"company_id\":null"))
                // A live company of the same name blocks the restore, which says so; nothing changes.
                let twin = try await harness.api("POST", "/api/v2/companies", key: key, body: "{\"name\":\"Acme <Corp>\"}")
                #expect(twin.status == 201, "the name is free for integrations: \(twin.body)")
                let twinID = try #require(JSONParser.parse(Array(twin.body.utf8)).objectValue?["id"]?.intValue)
                try await browser.submit("#companies a")
                #expect(try await browser.element("#comes-back").text().contains("1 contact and 0 tickets"))
                #expect(try await browser.element(".lead").text().contains("domains acme.example, acme.test."))
                try await browser.submit("#restore-company")
                #expect(try await browser.waitFor("#form-error").text().contains("Another company is called Acme <Corp> now"))
                try await harness.screenshot(browser, "company-deleted")
                #expect(try await harness.api("DELETE", "/api/v2/companies/\(twinID)", key: key).status == 204)
                try await browser.submit("#restore-company")
                #expect(try await browser.waitForText("The company is back"))
                #expect(try await browser.waitFor("#company-contacts").text().contains("Carla Acme"), "the contact has it again")
                #expect(try await harness.api("GET", "/api/v2/contacts/\(carla)", key: key).body.contains("\"company_id\":\(id)"))
                #expect(try await harness.api("GET", "/api/v2/companies/\(id)", key: key).status == 200)
                // Deleted again, then deleted forever behind its own confirmation.
                try await browser.submit("#delete-company")
                try await browser.submit("#confirm-delete")
                try await browser.go(harness.url("/console/companies/\(id)"))
                try await browser.submit("#purge-company")
                #expect(try await browser.element("#what-goes").text().contains("a restore is no longer possible"))
                try await harness.screenshot(browser, "company-delete-forever")
                try await browser.submit("#confirm-purge")
                #expect(try await browser.waitForText("The company is deleted forever."))
                #expect(try await !browser.has("#companies a[href=\"/console/companies/\(id)\"]"), "gone from Deleted companies")
                #expect(
                    try await browser.has("#companies a[href=\"/console/companies/\(twinID)\"]"), "the twin the API deleted waits there")
                try await browser.go(harness.url("/console/companies/\(id)"))
                #expect(try await browser.waitForText("There is no such company"))
                try await harness.expectCleanConsole(browser, "companies")
                let actions = try await harness.auditActions()
                for expected in ["company.created", "company.updated", "company.deleted", "company.restored", "company.purged"] {
                    #expect(actions.contains(expected), "the console records \(expected) as the API does")
                }
            }
        }
    }
}
