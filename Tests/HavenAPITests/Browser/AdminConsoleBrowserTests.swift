import Foundation
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Testing

extension TimingSensitive {
    /// The admin console in real Chromium: a custom domain's badge turning green as Pebble issues its certificate
    /// (with the diagnosis on a button), and the audit log filtered, verified and exported.
    @Suite(.serialized) struct AdminConsoleBrowserTests {
        @Test func aCustomDomainsBadgeTurnsGreen_thenTheAuditLogIsFilteredVerifiedAndExported() async throws {
            let pebbleHTTPPort = FreePort.next()
            let httpsPort = FreePort.next()
            let pebble = try await Pebble.start(httpPort: pebbleHTTPPort)
            defer { pebble.stop() }
            let caFile = NSTemporaryDirectory() + "haven-pebble-ca-" + UUID().uuidString + ".pem"
            try pebble.caPEM.write(toFile: caFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: caFile) }
            let resolver = pebble.dns.resolver
            let dnsPort = pebble.dns.dnsPort
            let directoryURL = pebble.directoryURL
            let configure: @Sendable (inout ServerConfiguration, inout HelpdeskSettings) -> Void = { configuration, settings in
                // Pebble validates on the HTTP port Haven listens on; every name resolves through its mock DNS.
                configuration.httpPort = pebbleHTTPPort
                configuration.httpsPort = httpsPort
                var acme = ServerConfiguration.ACMESettings(
                    directoryURL: directoryURL, caBundleFile: caFile, contact: nil, resolverHost: "127.0.0.1", resolverPort: dnsPort)
                acme.checkInterval = .seconds(1)
                configuration.acme = acme
                configuration.cnameBase = "cname.haven.test"
                settings.cnameBase = "cname.haven.test"
                var checks = DomainDiagnosis.Settings(resolver: resolver)
                checks.probeInternalAddresses = true
                checks.httpPort = pebbleHTTPPort
                checks.httpsPort = httpsPort
                settings.domainChecks = checks
            }
            try await BrowserHarness.run(configure: configure) { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = try await harness.browser()
                try await admin.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await admin.submit("a[href=\"/console/admin/domains\"]")
                try await admin.fill("#domain", "not a domain!")
                try await admin.submit("form[action=\"/console/admin/domains/add\"] button")
                #expect(try await admin.waitFor("#form-error").text().contains("domain"))
                #expect(try await admin.element("#domain").attribute("aria-invalid") == "true")
                try await admin.fill("#domain", "Help.Acme.test")
                try await admin.submit("form[action=\"/console/admin/domains/add\"] button")
                #expect(try await admin.waitForText("Publish its CNAME record"))
                let badge = try await admin.element(".domain .badge")
                let badgeText = try await badge.text()
                let badgeClass = try await badge.attribute("class")
                #expect(badgeText == "awaiting DNS" && badgeClass == "badge amber")
                let record = try await admin.element(".domain pre code").text()
                let target = try #require(record.split(separator: " ").last.map { String($0.dropLast()) })
                #expect(record.hasPrefix("help.acme.test.  CNAME  d-") && target.hasSuffix(".cname.haven.test"))
                try await harness.screenshot(admin, "domains-awaiting")

                // The CNAME is published: the certificate arrives and the badge turns green (the page reloads itself).
                try await pebble.dns.setCNAME("help.acme.test", target)
                var state = ""
                for _ in 0..<60 where state != "active" {
                    harness.clock.advance(seconds: 5)
                    try await Task.sleep(for: .milliseconds(700))
                    try await admin.go(harness.url("/console/admin/domains"))
                    state = try await admin.element(".domain .badge").text()
                }
                #expect(state == "active")
                #expect(try await admin.element(".domain .badge").attribute("class") == "badge green")
                #expect(try await !admin.has("meta[http-equiv=refresh]"), "no reloading once every domain is active")
                #expect(try await !admin.element(".domain").text().contains("nil"), "a missing reason shows nothing")
                try await admin.submit(".domain button[id^=check-]")
                let diagnosis = try await admin.waitFor(".diagnosis").text()
                #expect(diagnosis.contains("CNAME found: \(target)"))
                #expect(diagnosis.contains("No problems found"), "\(diagnosis)")
                try await harness.screenshot(admin, "domains")
                try await harness.expectCleanConsole(admin, "domains")

                // Customers reach the portal on the custom domain, over the certificate Pebble issued (trusted like a
                // public CA would be: its root in the browser's store, nothing ignored).
                let root = harness.directory + "/pebble-root.pem"
                try await pebble.issuingRootPEM().write(toFile: root, atomically: true, encoding: .utf8)
                let (added, _, problem) = try await ChildProcess(
                    "/usr/bin/certutil", ["-d", "sql:\(harness.directory)/home/.pki/nssdb", "-A", "-t", "C,,", "-n", "pebble", "-i", root]
                ).finished()
                #expect(added == 0, "\(problem)")
                let customer = try await harness.browser(otherHosts: ["help.acme.test"])
                try await customer.go("https://help.acme.test:\(httpsPort)/")
                #expect(try await customer.waitFor(".brand").text().contains("Alpha Support"))
                try await customer.submit("a[href=\"/tickets/new\"]")
                #expect(try await customer.has("#subject"))
                try await harness.expectCleanConsole(customer, "the portal on the custom domain")

                // The audit log: filtered to the domain's entries, a bad filter named, the chain verified, a CSV export.
                try await admin.submit("nav a[href=\"/console/admin\"]")
                #expect(try await admin.element("nav a[aria-current=page]").text() == "Admin")
                try await admin.submit("a[href=\"/console/admin/audit\"]")
                #expect(try await admin.element("nav a[aria-current=page]").text() == "Admin", "admin pages light the Admin hub")
                try await admin.fill("#action", "custom_domain.*")
                try await admin.submit("#filter")
                let rows = try await admin.elements("#audit tbody tr")
                #expect(!rows.isEmpty)
                for row in rows { #expect(try await row.text().contains("custom_domain.")) }
                try await admin.fill("#action", "Bad Action!")
                try await admin.submit("#filter")
                #expect(try await admin.waitFor("#form-error").text().contains("lower-case letters"))
                #expect(try await admin.element("#action").attribute("aria-invalid") == "true")
                try await admin.go(harness.url("/console/admin/audit?action=auth.*"))
                try await admin.submit("#verify-chain")
                #expect(try await admin.waitFor("#chain-result").text().hasPrefix("The chain verifies: all "))
                try await harness.screenshot(admin, "audit-log")
                try await harness.expectCleanConsole(admin, "audit log")

                let csv = try await harness.download("/console/admin/audit/export?action=custom_domain.*", as: admin)
                #expect(csv.contains("Content-Disposition: attachment; filename=\"audit-alpha-"))
                #expect(csv.contains("id,occurred_at,actor_type,actor_agent_id"))
                #expect(csv.contains("custom_domain.added") && !csv.contains("auth.signed_in"))
                #expect(try await harness.auditActions().contains("audit.exported"))
            }
        }

        @Test func agents_invitedWithALink_roleChanged_andTurnedBackIntoAContact() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = try await harness.browser()
                try await admin.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await admin.go(harness.url("/console/admin"))
                try await admin.submit("a[href=\"/console/admin/agents\"]")
                try await admin.fill("#invite_email", "not-an-address")
                try await admin.submit("form[action=\"/console/admin/agents/invite\"] button")
                #expect(try await admin.element("#invite_email").attribute("aria-invalid") == "true")
                #expect(try await admin.element("#invite_email").attribute("value") == "not-an-address")
                // Occasional access is at most 90 days: a date further out is named and marked.
                try await admin.fill("#invite_email", "vera@vendor.example")
                _ = try await admin.execute("document.querySelector('#invite_until').value = '2099-01-01';")
                try await admin.submit("form[action=\"/console/admin/agents/invite\"] button")
                let shown = try await admin.pageText()
                #expect(try await admin.element("#invite_until").attribute("aria-invalid") == "true", "\(shown.prefix(400))")
                _ = try await admin.execute(
                    "document.querySelector('#invite_until').value = ''; document.querySelector('#invite_role').value = 'supervisor';")
                try await admin.fill("#invite_name", "Sam Supervisor")
                try await admin.fill("#invite_email", "sam@alpha.example")
                try await admin.submit("form[action=\"/console/admin/agents/invite\"] button")
                let link = try await admin.waitFor("#invitation code").text()
                #expect(link.hasPrefix(harness.url("/console/set-password?token=")))
                try await harness.screenshot(admin, "agents")
                try await harness.expectCleanConsole(admin, "agents")

                // Sam sets a password from the link and signs in.
                let sam = try await harness.browser(from: "::1")
                try await sam.setPassword(link: link, "a long supervisor passphrase")
                try await sam.signIn(harness, email: "sam@alpha.example", password: "a long supervisor passphrase")
                #expect(try await sam.waitForText("Welcome, Sam Supervisor"))

                let row = try await admin.element("#agents tbody tr:last-child").attribute("id")
                let samID = try #require(row?.split(separator: "-").last.map(String.init))
                _ = try await admin.execute("document.querySelector('#role-\(samID)').value = 'admin';")
                try await admin.submit("#agent-\(samID) form button")
                #expect(try await admin.waitForText("Done."))
                try await admin.submit("#agent-\(samID) td.actions button")
                #expect(try await !admin.has("#agent-\(samID)"))
                let actions = try await harness.auditActions()
                for expected in ["agent.created", "auth.link_issued", "auth.password_set", "agent.role_changed", "agent.deleted"] {
                    #expect(actions.contains(expected), "\(expected) recorded")
                }
            }
        }

        @Test func theDataKeyIsRotated_afterConfirmingThePassword_withItsProgressShown() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                for index in 1...40 {
                    var changes = TicketChanges()
                    changes.subject = "Sealed subject \(index)"
                    _ = try await CreateTicket(harness.helpdesk)(
                        changes, for: .email("person\(index)@customer.example", name: "Person \(index)"), by: admin)
                }
                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/admin/keys"))
                #expect(try await browser.element("#data-version").text() == "1")
                #expect(try await browser.element("#envelopes").text().contains("people's keys 1"))
                // Six minutes later the password is asked again before anything happens.
                harness.clock.advance(seconds: 360)
                try await browser.submit("#rotate")
                #expect(try await browser.waitForPath("/confirm"))
                try await browser.fill("#password", AccessControlBrowserTests.adminPassword)
                try await browser.submit("main button.primary")
                #expect(try await browser.waitForPath("/console/admin/keys"))
                try await browser.submit("#rotate")
                #expect(try await browser.waitFor("#rotation").text().isEmpty == false)
                try await harness.screenshot(browser, "keys-rotating")
                var finished = false
                for _ in 0..<60 where !finished {
                    try await Task.sleep(for: .milliseconds(500))
                    finished = try await browser.pageText().contains("Rotation completed")
                }
                #expect(finished, "the page shows the job finishing by itself")
                #expect(try await browser.element("#data-version").text() == "2")
                let sealed = try await browser.element("#envelopes").text()
                #expect(!sealed.contains("people's keys 1"), "nothing is left under version 1: \(sealed)")
                try await harness.screenshot(browser, "keys")
                try await harness.expectCleanConsole(browser, "keys")
                #expect(try await harness.auditActions().contains("key.rotated"))
            }
        }

        @Test func theMailPage_showsTheDNSRecords_takesAnAddress_andIssuesARelayToken() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/admin/mail"))
                #expect(try await browser.element("#dns").text().contains("v=DKIM1; k=rsa; p="))
                #expect(try await browser.element("#addresses").text().contains("alpha@"))
                try await browser.fill("#address", "not an address")
                try await browser.submit("#add-address")
                #expect(try await browser.pageText().contains("Write one address like support@example.com"))
                #expect(try await browser.element("#address").attribute("aria-invalid") == "true")
                try await browser.fill("#address", "help@alpha-corp.example")
                try await browser.submit("#add-address")
                #expect(try await browser.waitFor("#addresses").text().contains("help@alpha-corp.example"))
                #expect(try await browser.pageText().contains("mail to it now opens tickets here"))
                // Mail from the new address, through a smarthost on this machine: refused (a tenant cannot make
                // the server connect inward), the form back with the field marked; then the address alone.
                _ = try await browser.execute("document.querySelector('#from').value = 'help@alpha-corp.example';")
                try await browser.fill("#smtp_url", "smtp://me:hunter2@127.0.0.1:25")
                try await browser.submit("#save-sending")
                #expect(try await browser.waitFor("#form-error").text().contains("local or private"))
                #expect(try await browser.element("#smtp_url").attribute("aria-invalid") == "true")
                _ = try await browser.execute("document.querySelector('#from').value = 'help@alpha-corp.example';")
                try await browser.submit("#save-sending")
                #expect(try await browser.waitForText("Sending settings saved"))
                #expect(try await browser.element("#from-address").text() == "help@alpha-corp.example")
                // The DKIM record is now the tenant's own, for its domain.
                #expect(try await browser.element("#dns").text().contains("._domainkey.alpha-corp.example"))
                try await harness.screenshot(browser, "mail-sending")
                // And back to the default address, the first choice.
                _ = try await browser.execute("document.querySelector('#from').selectedIndex = 0;")
                try await browser.submit("#save-sending")
                #expect(try await browser.waitForText("Sending settings saved"))
                #expect(try await browser.element("#from-address").text().hasPrefix("alpha@"))
                _ = try await browser.execute("document.querySelector('#from').value = 'help@alpha-corp.example';")
                try await browser.submit("#save-sending")
                #expect(try await browser.waitForText("Sending settings saved"))
                try await browser.submit("#issue-token")
                #expect(try await browser.waitFor("#relay-token").text().hasPrefix("mr_"))
                try await harness.screenshot(browser, "mail")
                try await harness.expectCleanConsole(browser, "mail")
                let actions = try await harness.auditActions()
                #expect(actions.contains("mail.address_added") && actions.contains("mail.relay_token_issued"))
                #expect(actions.contains("mail.settings_changed"))
            }
        }
    }
}
