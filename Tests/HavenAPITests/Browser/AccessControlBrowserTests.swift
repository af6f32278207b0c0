import Foundation
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore
import Testing

extension TimingSensitive {
    /// Lockout, timeouts, sessions, CSRF, allowlists, scoped keys and vendor access end to end in real Chromium.
    @Suite(.serialized) struct AccessControlBrowserTests {
        static let adminPassword = "violet harbour lantern 42"
        static let agentPassword = "maple orbit cinnamon 77"

        /// Two-step verification made optional (these tests are about other controls), the admin's password set, and an
        /// agent Bob with his.
        static func prepare(_ harness: BrowserHarness) async throws -> UserID {
            let helpdesk = harness.helpdesk
            let principal = Principal.cliOperator("test", tenant: harness.tenant.id)
            try await SecurityAdministration(helpdesk).update(["two_factor": "optional"], confirmed: false, by: principal)
            var profile = AgentProfileChanges()
            profile.name = "Bob Agent"
            let bob = try await CreateAgent(helpdesk)(email: "bob@alpha.example", profile, AgentSettings(), by: principal).profile.contact
                .id
            for (person, password) in [(harness.adminID, Self.adminPassword), (bob, Self.agentPassword)] {
                let token = try await Passwords(helpdesk).issueLink(for: person, purpose: .invitation, by: principal)
                _ = try await Passwords(helpdesk).redeem(token, tenant: harness.tenant, password: password, sourceIP: nil)
            }
            return bob
        }

        @Test func lockoutAndUnlock_signOutEverywhere_idleTimeout_forgedFormsRefused() async throws {
            try await BrowserHarness.run { harness in
                _ = try await Self.prepare(harness)
                let bob = try await harness.browser(from: "::1")
                for attempt in 1...5 {
                    try await bob.signIn(harness, email: "bob@alpha.example", password: "not my password \(attempt)")
                }
                #expect(try await bob.waitForText("Too many failed attempts"))
                try await harness.screenshot(bob, "locked")
                try await bob.signIn(harness, email: "bob@alpha.example", password: Self.agentPassword)
                #expect(try await bob.waitForText("Too many failed attempts"), "the right password waits for the lock too")

                let admin = try await harness.browser()
                try await admin.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
                #expect(try await admin.waitForText("Welcome, Ada Admin"))
                try await admin.go(harness.url("/console/admin/security"))
                let bobRow = "tr[data-email=\"bob@alpha.example\"]"
                #expect(try await admin.waitFor(bobRow + " .badge.red").text() == "locked")
                try await harness.screenshot(admin, "security")
                try await admin.submit(bobRow + " button[value=unlock]")
                #expect(try await admin.waitForText("Done."))
                #expect(try await !admin.has(bobRow + " .badge.red"))
                try await bob.signIn(harness, email: "bob@alpha.example", password: Self.agentPassword)
                #expect(try await bob.waitForText("Welcome, Bob Agent"))
                #expect(try await !bob.has("a[href=\"/console/admin/security\"]"), "an agent's navigation has no Security item")
                #expect(try await !bob.has("a[href=\"/console/admin\"]"), "nor an Admin hub")
                try await bob.go(harness.url("/console/admin"))
                #expect(try await bob.waitForText("Administration is for admins."))
                try await bob.go(harness.url("/console/admin/security"))
                #expect(try await bob.waitForText("Only admins"))

                // Bob changes his password: a mismatch is named, then the change lands on the sessions page.
                try await bob.go(harness.url("/console/password"))
                try await bob.fill("#current_password", Self.agentPassword)
                try await bob.fill("#new_password", "quartz meadow violin 31")
                try await bob.fill("#repeat_password", "quartz meadow violin 32")
                try await bob.submit("form[action=\"/console/password\"] button")
                #expect(try await bob.waitForText("The two new passwords are not the same"))
                try await bob.fill("#current_password", Self.agentPassword)
                try await bob.fill("#new_password", "quartz meadow violin 31")
                try await bob.fill("#repeat_password", "quartz meadow violin 31")
                try await bob.submit("form[action=\"/console/password\"] button")
                #expect(try await bob.waitForText("Your password is changed"))
                #expect(try await bob.waitForPath("/console/sessions"))

                // Sign out everywhere else: the admin's second browser ends the first.
                let adminElsewhere = try await harness.browser()
                try await adminElsewhere.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
                try await adminElsewhere.go(harness.url("/console/sessions"))
                #expect(try await adminElsewhere.waitFor("#sessions tbody tr").text().contains("Chrome on Linux"))
                #expect(try await adminElsewhere.elements("#sessions tbody tr").count == 2)
                try await harness.screenshot(adminElsewhere, "sessions")
                try await adminElsewhere.submit("#end-others")
                #expect(try await adminElsewhere.waitForText("Your other sessions have ended"))
                try await admin.go(harness.url("/console/sessions"))
                #expect(try await admin.waitForPath("/console/sign-in"))

                // A forged form: the CSRF token changed in the page, and a form posted from another origin.
                try await adminElsewhere.go(harness.url("/console/sessions"))
                _ = try await adminElsewhere.execute(
                    "document.querySelector('#end-others').form.querySelector('[name=csrf]').value = 'forged';")
                try await adminElsewhere.submit("#end-others")
                #expect(try await adminElsewhere.waitForText("This form has expired or did not come from this page"))
                let page = "<form method=post action='\(harness.url("/console/sessions/end-others"))'><button id=go>go</button></form>"
                try await adminElsewhere.go("data:text/html," + page.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
                try await adminElsewhere.submit("#go")
                #expect(try await adminElsewhere.waitForText("sent from another site"))
                try await adminElsewhere.go(harness.url("/console"))
                #expect(try await adminElsewhere.waitForText("Welcome, Ada Admin"), "the refused forms changed nothing")

                // Idle timeout: 61 minutes without a request end Bob's session.
                harness.clock.advance(seconds: 61 * 60)
                try await bob.go(harness.url("/console"))
                #expect(try await bob.waitForPath("/console/sign-in"))
                let actions = try await harness.auditActions()
                for expected in ["auth.locked", "auth.unlocked", "auth.sessions_ended", "auth.session_expired", "auth.signed_in"] {
                    #expect(actions.contains(expected), "audit has \(expected)")
                }
                for browser in [bob, admin, adminElsewhere] { try await harness.expectCleanConsole(browser, "lockout") }
            }
        }

        @Test func allowlistRefusesOtherAddresses_antiLockoutNeedsConfirmation_operatorClears() async throws {
            try await BrowserHarness.run { harness in
                _ = try await Self.prepare(harness)
                // The admin works over IPv6 loopback; the other loopback addresses are "elsewhere". (Linux gives every
                // connection to 127.0.0.0/8 the source 127.0.0.1, so 127.0.0.2 arrives as 127.0.0.1.)
                let admin = try await harness.browser(from: "::1")
                try await admin.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
                try await admin.go(harness.url("/console/admin/security"))
                #expect(try await admin.waitFor("#your-address").text() == "::1")
                try await admin.fill("[name=\"allowlist.console\"]", "::1/128\n192.0.2.0/24")
                try await admin.submit("form[action=\"/console/admin/security\"] button.primary")
                #expect(try await admin.waitForText("The security policy is saved"))

                for other in ["127.0.0.2", "127.0.0.1"] {
                    let outsider = try await harness.browser(from: other)
                    try await outsider.go(harness.url("/console/sign-in"))
                    #expect(try await outsider.waitForText("Not allowed from this address"), "refused from \(other)")
                    #expect(try await !outsider.has("#password"))
                    if other == "127.0.0.1" { try await harness.screenshot(outsider, "allowlist-refused") }
                }
                // The portal has its own list (empty): customers from elsewhere are not refused.
                let customer = try await harness.browser(from: "127.0.0.2")
                try await customer.go(harness.url("/sign-in"))
                try await customer.waitFor("#password")
                #expect(try await customer.pageText().contains("Sign in"))

                // A list that leaves the admin's own address out needs explicit confirmation.
                try await admin.fill("[name=\"allowlist.console\"]", "10.0.0.0/8")
                try await admin.submit("form[action=\"/console/admin/security\"] button.primary")
                #expect(try await admin.waitFor("#lockout-warning").text().contains("would lock you out"))
                try await harness.screenshot(admin, "anti-lockout")
                let kept = try await harness.helpdesk.store.compiledPolicy(harness.tenant.id).policy.allowlist(.console)
                #expect(kept == ["::1/128", "192.0.2.0/24"], "nothing saved without confirmation")
                try await admin.fill("[name=\"allowlist.console\"]", "10.0.0.0/8")
                try await admin.click("#confirm_lockout")
                try await admin.submit("form[action=\"/console/admin/security\"] button.primary")
                #expect(try await admin.waitForText("Not allowed from this address"))

                // The operator's way back in.
                let cleared = try await CLITests.runDetached([
                    "tenant", "allowlist", "clear", "alpha", "--data-dir", harness.directory + "/data",
                ])
                #expect(cleared.status == 0, "\(cleared.stderr)")
                #expect(cleared.stdout.contains("\"entries_removed\":1"))
                try await Task.sleep(for: .milliseconds(2_200))  // the policy cache's lifetime, for a change made by another process
                try await admin.go(harness.url("/console"))
                #expect(try await admin.waitForText("Welcome, Ada Admin"))

                // The refusals are aggregated security entries once their minute has ended.
                harness.clock.advance(seconds: 120)
                var found = false
                for _ in 0..<40 where !found {
                    found = try await harness.auditActions().contains("security.address_refused")
                    if !found { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(found)
                let actions = try await harness.auditActions()
                #expect(actions.filter { $0 == "security.policy_changed" }.count == 3, "two-step optional, the list, the confirmed list")
                #expect(actions.contains("security.allowlist_cleared"))
            }
        }

        @Test func readOnlyKeyRefusedOnAWrite_occasionalAgentsAccessEndsOnItsDate() async throws {
            try await BrowserHarness.run { harness in
                _ = try await Self.prepare(harness)
                let admin = try await harness.browser()
                try await admin.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
                try await admin.go(harness.url("/console/api-keys"))
                try await admin.fill("#name", "Nightly report")
                try await admin.click("#read_only")
                try await admin.submit("form[action=\"/console/api-keys\"] button.primary")
                let key = try await admin.waitFor("#new-key").text()
                #expect(key.count == 28)
                #expect(try await admin.pageText().contains("The new key. Copy it now"), "one's own key names no owner")
                try await harness.screenshot(admin, "api-keys")
                #expect(try await harness.api("GET", "/api/v2/tickets", key: key).status == 200)
                let write = try await harness.api("POST", "/api/v2/tickets", key: key, body: "{\"subject\":\"x\"}")
                #expect(write.status == 403)
                #expect(write.body.contains("read_only_key"))
                try await admin.go(harness.url("/console/api-keys"))
                #expect(try await admin.waitFor("#keys tbody tr").text().contains("read-only"))
                #expect(try await admin.element("#keys tbody tr").text().contains(Self.today(harness)), "last used is shown")

                // Vendor access: invited until tomorrow.
                try await admin.go(harness.url("/console/admin/security"))
                try await admin.fill("#occasional_email", "vic@partner.example")
                try await admin.fill("#occasional_name", "Vic Vendor")
                // A date input takes typed text in the locale's order; the test sets its value as the picker would.
                _ = try await admin.execute(
                    "document.querySelector('#occasional_ends').value = '\(Self.date(harness.clock.now().adding(seconds: 86_400)))';")
                try await admin.submit("form[action=\"/console/admin/occasional\"] button.primary")
                let link = try await admin.waitFor("#issued-link").text()
                #expect(link.hasPrefix(harness.url("/console/set-password?token=")))
                let vendor = try await harness.browser()
                try await vendor.setPassword(link: link, "granite willow sparrow 19")
                try await vendor.signIn(harness, email: "vic@partner.example", password: "granite willow sparrow 19")
                #expect(try await vendor.waitForText("Your occasional access ends on"))
                try await harness.screenshot(vendor, "vendor-home")
                try await vendor.go(harness.url("/console/api-keys"))
                try await vendor.fill("#name", "Vendor tool")
                try await vendor.submit("form[action=\"/console/api-keys\"] button.primary")
                let vendorKey = try await vendor.waitFor("#new-key").text()
                #expect(try await harness.api("GET", "/api/v2/tickets", key: vendorKey).status == 200)

                // The admin sees every agent's keys with their owners, makes one for the vendor and revokes it.
                try await admin.go(harness.url("/console/admin/api-keys"))
                let everyKey = try await admin.waitFor("#keys tbody").text()
                for expected in ["Vic Vendor", "Vendor tool", "Ada Admin", "Nightly report"] {
                    #expect(everyKey.contains(expected), "the admin's list names \(expected)")
                }
                try await admin.fill("#name", "Vendor sync")
                try await admin.submit("form[action=\"/console/admin/api-keys\"] button.primary")
                #expect(try await admin.waitForText("Choose the agent the key is for."), "no agent chosen: the form says so")
                #expect(try await admin.element("#name").attribute("value") == "Vendor sync", "what was typed stays")
                _ = try await admin.execute(
                    "const s = document.querySelector('#agent'); s.value = [...s.options].find(o => o.text === 'Vic Vendor').value;")
                try await admin.submit("form[action=\"/console/admin/api-keys\"] button.primary")
                let syncKey = try await admin.waitFor("#new-key").text()
                #expect(try await admin.pageText().contains("The new key for Vic Vendor."))
                try await harness.screenshot(admin, "admin-api-keys")
                let mine = try await harness.api("GET", "/api/v2/agents/me", key: syncKey)
                #expect(mine.status == 200 && mine.body.contains("vic@partner.example"), "the key acts as the vendor")
                try await admin.submit("button[aria-label=\"Revoke Vendor sync\"]")
                #expect(try await admin.waitForText("The key is revoked."))
                try await Task.sleep(for: .milliseconds(2_200))  // the key cache's lifetime
                #expect(try await harness.api("GET", "/api/v2/agents/me", key: syncKey).status == 401)
                #expect(try await harness.api("GET", "/api/v2/tickets", key: vendorKey).status == 200, "the vendor's own key stays")
                // An agent without the right is refused the admin's page with a 403 page, not an error.
                try await vendor.go(harness.url("/console/admin/api-keys"))
                #expect(try await vendor.waitForText("Not allowed"))
                for path in ["/console/admin/keys", "/console/admin/audit", "/console/admin/portal", "/console/admin/domains"] {
                    try await vendor.go(harness.url(path))
                    #expect(try await vendor.waitForText("Ask an admin if you need this page."), "\(path) is refused")
                }

                harness.clock.advance(seconds: 2 * 86_400)
                try await vendor.go(harness.url("/console"))
                #expect(try await vendor.waitForPath("/console/sign-in"), "the session ended with the access")
                try await Task.sleep(for: .milliseconds(2_200))  // the key cache's lifetime
                #expect(try await harness.api("GET", "/api/v2/tickets", key: vendorKey).status == 401, "the key ended with the access")
                try await vendor.signIn(harness, email: "vic@partner.example", password: "granite willow sparrow 19")
                #expect(try await vendor.waitForText("The e-mail address or the password is not right"))
                #expect(try await VendorAccess(harness.helpdesk).endExpired() == 1)
                #expect(try await VendorAccess(harness.helpdesk).endExpired() == 0, "the sweep does each end once")
                let actions = try await harness.auditActions()
                for expected in [
                    "agent.occasional_invited", "auth.link_issued", "auth.password_set", "api_key.created", "api_key.revoked",
                    "agent.access_ended",
                ] {
                    #expect(actions.contains(expected), "audit has \(expected)")
                }
            }
        }

        static func date(_ time: Timestamp) -> String { String(time.iso8601.prefix(10)) }
        static func today(_ harness: BrowserHarness) -> String { Self.date(harness.clock.now()) }
    }
}
