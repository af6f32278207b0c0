import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// The customer's side in real Chromium: the admin's portal settings (consent text, widget origins, the snippet),
    /// a signed-in customer's ticket with consent in "my tickets", the widget on another HTTPS origin (allowed, then
    /// refused elsewhere), and an XSS corpus in every field rendering inert on every page.
    @Suite(.serialized) struct PortalBrowserTests {
        static let customerPassword = "orchid cave lantern"
        static let consentText = "Alpha Support keeps your messages and e-mail address to answer you, for two years."

        /// Cora, a customer with a portal password.
        static func customer(_ harness: BrowserHarness) async throws -> UserID {
            let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
            var changes = ContactChanges()
            changes.name = "Cora Customer"
            changes.email = "cora@customer.example"
            let cora = try await CreateContact(harness.helpdesk)(changes, by: admin).id
            let token = try await Passwords(harness.helpdesk).issueLink(
                for: cora, purpose: .invitation, by: .cliOperator("test", tenant: harness.tenant.id))
            _ = try await Passwords(harness.helpdesk).redeem(token, tenant: harness.tenant, password: Self.customerPassword, sourceIP: nil)
            return cora
        }

        @Test func consentOnThePortal_myTickets_andTheWidgetOnAnotherOrigin() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let cora = try await Self.customer(harness)
                let shopHost = "shop.localhost"
                let shopPort = FreePort.next()
                let shopOrigin = "https://\(shopHost):\(shopPort)"

                // The admin writes the consent text and lists the shop (and an old http:// site, which is warned about).
                let admin = try await harness.browser()
                try await admin.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await admin.submit("a[href=\"/console/admin/portal\"]")
                try await admin.fill("#name", "Alpha Help Centre")
                try await admin.click("#consent_required")
                try await admin.fill("#consent_text", Self.consentText)
                try await admin.fill("#widget_origins", "\(shopOrigin)\nhttp://old-shop.localhost")
                _ = try await admin.execute("document.querySelector('#header_color').value = '#17324d';")
                try await admin.submit("form[action=\"/console/admin/portal\"] button[type=submit]")
                #expect(try await admin.waitForText("The portal settings are saved."))
                #expect(try await admin.pageText().contains("http://old-shop.localhost is not HTTPS"))
                #expect(try await admin.element("#consent-versions tbody").text().contains(Self.consentText))
                let snippet = try await admin.element("#widget-snippet").text()
                #expect(
                    snippet.hasPrefix("<script src=\"https://\(BrowserHarness.host):\(harness.httpsPort)/widget.js\" integrity=\"sha384-"))
                try await harness.expectCleanConsole(admin, "portal settings")

                // The logo: an SVG is refused with the reason at the file input, a PNG is taken and previewed.
                let files = harness.directory + "/uploads"
                try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
                try Data("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".utf8).write(
                    to: URL(fileURLWithPath: files + "/logo.svg"))
                try Data(PortalUseCaseTests.logoPNG).write(to: URL(fileURLWithPath: files + "/logo.png"))
                let upload = "form[action=\"/console/admin/portal/logo\"] button"
                try await admin.element("#logo").type(files + "/logo.svg")
                try await admin.submit(upload)
                #expect(try await admin.waitFor("#form-error").text().contains("SVG image, which can carry script"))
                #expect(try await admin.element("#logo").attribute("aria-invalid") == "true")
                try await admin.element("#logo").type(files + "/logo.png")
                try await admin.submit(upload)
                #expect(try await admin.waitForText("The logo is saved"))
                #expect(try await admin.execute("return document.querySelector('#logo-preview').naturalWidth;").intValue == 160)
                try await harness.screenshot(admin, "portal-settings")
                _ = try await admin.execute("document.querySelector('#logo-preview').scrollIntoView({block: 'center'});")
                try await harness.screenshot(admin, "portal-logo")
                try await harness.expectCleanConsole(admin, "portal settings with a logo")
                let logoPath = try #require(try await admin.element("#logo-preview").attribute("src"))
                let fetched = try await harness.download(logoPath, as: admin)
                let headers = fetched.lowercased()
                #expect(headers.contains("content-type: image/png") && headers.contains("x-content-type-options: nosniff"))
                let etag = try #require(fetched.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag: ") }).dropFirst(6)
                let revalidated = try await harness.download(logoPath, as: admin, headers: ["If-None-Match: \(etag)"])
                #expect(revalidated.hasPrefix("HTTP/2 304") || revalidated.hasPrefix("HTTP/1.1 304"), "\(revalidated.prefix(40))")

                // Cora signs in to the portal, opens a ticket with consent, and finds it in "my tickets".
                let customer = try await harness.browser(from: "::1")
                try await customer.go(harness.url("/"))
                #expect(try await customer.waitFor(".brand").text().contains("Alpha Help Centre"), "the portal's own name")
                #expect(try await customer.execute("return document.querySelector('.brand img.logo').naturalWidth;").intValue == 160)
                let bar = try await customer.execute(
                    "const s = getComputedStyle(document.querySelector('header.top')); return s.backgroundColor + ' ' + getComputedStyle(document.querySelector('.brand')).color;"
                )
                #expect(bar.stringValue == "rgb(23, 50, 77) rgb(255, 255, 255)", "the top bar's colour, white text on it: \(bar)")
                try await customer.submit("a[href=\"/sign-in\"]")
                try await customer.fill("#email", "cora@customer.example")
                try await customer.fill("#password", Self.customerPassword)
                try await customer.submit("button[type=submit]")
                try await customer.submit("a[href=\"/tickets/new\"]")
                #expect(try await customer.element("#consent-text").text() == Self.consentText)
                try await customer.fill("#subject", "My parcel never arrived")
                try await customer.fill("#description", "Order 1234 was due on Monday.\n\nCan you check?")
                // Without the box ticked the form comes back with the problem marked and nothing lost.
                try await customer.submit("form[action=\"/tickets/new\"] button[type=submit]")
                #expect(try await customer.waitFor("#form-error").text().contains("Tick the box to agree"))
                #expect(try await customer.element("#subject").attribute("value") == "My parcel never arrived")
                try await customer.click("#consent")
                try await harness.screenshot(customer, "portal-new-ticket")
                try await customer.submit("form[action=\"/tickets/new\"] button[type=submit]")
                #expect(try await customer.waitForText("Your ticket is open"))
                #expect(try await customer.element("#thread").text().contains("Can you check?"))
                try await customer.fill("#reply", "Tracking number is ZX-99.")
                try await customer.submit("form.compose button")
                #expect(try await customer.element("#thread").text().contains("Tracking number is ZX-99."))
                try await customer.submit("a[href=\"/tickets\"]")
                #expect(try await customer.element("#tickets tbody").text().contains("My parcel never arrived"))
                try await harness.screenshot(customer, "portal-my-tickets")
                try await harness.expectCleanConsole(customer, "portal")

                // Cora withdraws her consent herself; the ledger keeps both records.
                try await customer.submit("a[href=\"/privacy\"]")
                #expect(try await customer.element("#consents").text().contains(Self.consentText))
                try await customer.submit("#withdraw")
                #expect(try await customer.element("#consents").text().contains("You withdrew"))
                #expect(try await customer.has("#give"))
                let ledger = try await ConsentLedger(harness.helpdesk).list(
                    cora, by: .agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id))
                #expect(ledger.map(\.record.given) == [false, true])
                #expect(ledger.allSatisfy { $0.record.channel == .portal && $0.record.sourceIP == "::1" })
                #expect(ledger.first?.text?.text == Self.consentText)
                // The agent sees the record on the contact, and the API reads the same ledger.
                try await admin.go(harness.url("/console/contacts/\(cora)"))
                let consents = try await admin.element("#consents tbody").text()
                #expect(consents.contains("given") && consents.contains("withdrawn") && consents.contains("version 1"))
                let api = try await harness.api("GET", "/api/v2/contacts/\(cora)/consents", key: harness.adminAPIKey)
                #expect(api.status == 200 && api.body.contains("\"channel\":\"portal\"") && api.body.contains("\"given\":true"))

                // The shop embeds the admin's snippet: the widget opens in a frame and files a ticket.
                let page =
                    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title></head><body><h1>The Shop</h1>\n"
                    + snippet + "\n</body></html>\n"
                let shop = try await EmbeddingSite.start(host: shopHost, page: page, harness: harness, port: shopPort)
                let elsewhere = try await EmbeddingSite.start(host: "elsewhere.localhost", page: page, harness: harness)
                defer {
                    Task {
                        await shop.stop()
                        await elsewhere.stop()
                    }
                }
                let visitor = try await harness.browser(otherHosts: [shopHost, "elsewhere.localhost"])
                try await visitor.go(shop.origin + "/")
                try await visitor.enterFrame("iframe.haven-widget")
                try await visitor.fill("#name", "Wendy Widget")
                try await visitor.fill("#email", "wendy@shop.example")
                try await visitor.fill("#subject", "Checkout button broken")
                try await visitor.fill("#description", "Nothing happens when I click Pay.")
                try await visitor.click("#consent")
                try await harness.screenshot(visitor, "widget-form")
                try await visitor.submit("button[type=submit]")
                #expect(try await visitor.waitFor("#widget-message").text().contains("Your request is ticket #"))
                try await visitor.leaveFrame()
                try await harness.screenshot(visitor, "widget")
                try await harness.expectCleanConsole(visitor, "the shop with the widget")

                // Another origin, not on the list: the frame shows the refusal and no form.
                try await visitor.go(elsewhere.origin + "/")
                try await visitor.enterFrame("iframe.haven-widget")
                #expect(try await visitor.waitForText("has not allowed its feedback form on this site"))
                #expect(try await !visitor.has("form"))
                try await visitor.leaveFrame()
                try await harness.expectCleanConsole(visitor, "a site not on the list")

                let store = harness.helpdesk.store
                let wendy = try #require(
                    try await store.read { sql in try await store.contacts.userID(email: "wendy@shop.example", harness.tenant.id, on: sql) }
                )
                let widgetLedger = try await ConsentLedger(harness.helpdesk).list(
                    wendy, by: .agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id))
                #expect(widgetLedger.map(\.record.channel) == [.widget])
                let actions = try await harness.auditActions()
                for expected in ["portal.settings_changed", "consent.text_changed", "consent.given", "ticket.created", "ticket.replied"] {
                    #expect(actions.contains(expected), "\(expected) recorded")
                }
            }
        }

        @Test func anXSSCorpus_inEveryField_rendersAsText_onEveryPage() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let corpus = [
                    "<script>alert('s')</script>", "\"><img src=x onerror=alert('i')>", "<svg/onload=alert('v')>",
                    "javascript:alert('j')", "{{csrf}}", "</textarea><b>bold</b>", "' onmouseover='alert(1)",
                ]
                let joined = corpus.joined(separator: " ")
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                try await PortalAdministration(harness.helpdesk).update(
                    PortalAdministration.Update(
                        name: "Help " + corpus[0], welcome: joined, accentColor: "#2557d6", anonymousTickets: true, consentRequired: true,
                        consentText: joined, widgetOrigins: []),
                    by: admin)

                // A visitor types the corpus into every field of the portal's form.
                let visitor = try await harness.browser(from: "127.0.0.2", width: 360, height: 740)
                try await visitor.go(harness.url("/"))
                #expect(try await visitor.pageText().contains(joined), "the welcome text is shown as typed")
                try await visitor.submit("a.button.primary")
                try await visitor.fill("#name", "Mallory " + corpus[1])
                try await visitor.fill("#email", "mallory@visitor.example")
                try await visitor.fill("#subject", corpus[0] + corpus[2])
                try await visitor.fill("#description", joined)
                try await visitor.click("#consent")
                try await harness.screenshot(visitor, "portal-new-ticket-360")
                try await visitor.submit("form[action=\"/tickets/new\"] button[type=submit]")
                #expect(try await visitor.waitForText("Your request is ticket #"))
                #expect(await !visitor.hasOpenDialog())
                try await harness.expectCleanConsole(visitor, "portal with the corpus")

                let agent = try await harness.browser()
                try await agent.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                let store = harness.helpdesk.store
                let mallory = try #require(
                    try await store.read { sql in
                        try await store.contacts.userID(email: "mallory@visitor.example", harness.tenant.id, on: sql)
                    }
                )
                // A company, a deleted company and API keys carry it too.
                var company = CompanyChanges()
                company.name = "Corp " + corpus[1]
                company.description = .some(joined)
                let live = try await CreateCompany(harness.helpdesk)(company, by: admin).id
                company.name = "Gone " + corpus[2]
                let gone = try await CreateCompany(harness.helpdesk)(company, by: admin).id
                try await DeleteCompany(harness.helpdesk)(gone, by: admin)
                _ = try await APIKeyManagement(harness.helpdesk).create(
                    APIKeyManagement.Request(name: corpus[0] + corpus[6]), by: admin)
                for path in [
                    "/console/tickets", "/console/tickets/1", "/console/contacts", "/console/contacts/\(mallory)", "/console/admin/portal",
                    "/console/companies", "/console/companies/\(live)", "/console/companies?state=deleted", "/console/companies/\(gone)",
                    "/console/companies/\(gone)/purge", "/console/api-keys", "/console/admin/api-keys", "/console/tickets/export",
                ] {
                    try await agent.go(harness.url(path))
                    let text = try await agent.pageText()
                    #expect(
                        text.contains(corpus[0]) || text.contains("Mallory") || text.contains(corpus[1]) || text.contains(corpus[2])
                            || path.hasSuffix("/export"),
                        "\(path) shows the values as text")
                    let markup = try await agent.elements("main img, main svg, main b, main script").count
                    #expect(markup == 0, "\(path) made markup")
                    #expect(await !agent.hasOpenDialog(), "\(path) ran a script")
                }
                try await agent.go(harness.url("/console/tickets/1"))
                #expect(try await agent.element("#thread").text().contains(joined))
                try await harness.expectCleanConsole(agent, "console with the corpus")
            }
        }
    }
}
