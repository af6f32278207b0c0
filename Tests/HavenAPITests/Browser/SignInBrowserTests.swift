import AsyncHTTPClient
import Foundation
import HavenApp
import HavenCore
import HavenCrypto
import HavenMail
import HavenStore
import NIOCore
import Testing

extension TimingSensitive {
    /// Sign-in and access control end to end in real Chromium (issue: sign-in and access control).
    @Suite(.serialized) struct SignInBrowserTests {
        static let adminPassword = "violet harbour lantern 42"

        /// The admin sets a password from the invitation, signs in, is led to enroll (required for admins), scans the
        /// QR code (decoded by ZBar from the browser's own rendering), saves the recovery codes, and lands home.
        /// Returns the TOTP secret and the recovery codes.
        static func enrolledAdmin(_ harness: BrowserHarness, _ browser: WebDriver) async throws -> (secret: [UInt8], codes: [String]) {
            try await browser.setPassword(link: try await harness.invitationLink(for: harness.adminID), Self.adminPassword)
            #expect(try await browser.waitForText("Your password is set"))
            try await browser.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
            #expect(try await browser.waitForPath("/console/two-factor/enroll"))
            #expect(try await browser.waitForText("requires a second step"))
            try await harness.screenshot(browser, "enroll")
            let qrPath = harness.directory + "/qr.png"
            try await browser.element("#qr").screenshot(to: qrPath)
            let (status, uri, errors) = try await ChildProcess("/usr/bin/zbarimg", ["--raw", "-q", qrPath]).finished()
            #expect(status == 0, "zbarimg: \(errors)")
            #expect(uri.hasPrefix("otpauth://totp/Alpha%20Support:admin%40alpha.example?secret="))
            let secretText = uri.split(separator: "secret=")[1].split(separator: "&")[0]
            #expect(try await browser.element("#secret").text() == String(secretText))
            let secret = try #require(Base32.decode(String(secretText)))
            try await browser.fill("#code", TOTP(secret: secret).code(at: harness.clock.now()))
            try await browser.submit("button[type=submit]")
            try await harness.screenshot(browser, "after-enroll")
            try await browser.waitFor("#recovery-codes")
            let codes = try await browser.elements("#recovery-codes code")
            #expect(codes.count == 10)
            var texts: [String] = []
            for code in codes { texts.append(try await code.text()) }
            try await harness.screenshot(browser, "recovery-codes")
            try await browser.submit(".button.primary")
            #expect(try await browser.waitForText("Welcome, Ada Admin"))
            return (secret, texts)
        }

        @Test func passwordAndTOTP_enrollmentFromTheQRCode_replayRefused_recoveryCodeOnce() async throws {
            try await BrowserHarness.run { harness in
                let browser = try await harness.browser()
                let (secret, codes) = try await Self.enrolledAdmin(harness, browser)
                try await harness.expectCleanConsole(browser, "enrollment")
                try await harness.screenshot(browser, "console-home")

                // Sign out, sign in again: the second step asks for a code; the code just used for enrollment is refused.
                try await browser.submit(".sign-out button")
                #expect(try await browser.waitForText("You are signed out"))
                try await browser.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
                #expect(try await browser.waitForPath("/console/two-factor"))
                try await harness.screenshot(browser, "two-factor")
                try await browser.fill("#code", TOTP(secret: secret).code(at: harness.clock.now()))
                try await browser.submit("form button.primary")
                #expect(try await browser.waitForText("was used already"))
                harness.clock.advance(seconds: 30)
                try await browser.fill("#code", TOTP(secret: secret).code(at: harness.clock.now()))
                try await browser.submit("form button.primary")
                #expect(try await browser.waitForText("Welcome, Ada Admin"))

                // A recovery code works once.
                try await browser.submit(".sign-out button")
                for attempt in 0..<2 {
                    try await browser.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
                    try await browser.click("details summary")
                    try await browser.fill("#recovery", codes[0].uppercased())
                    try await browser.submit("details button")
                    if attempt == 0 {
                        #expect(try await browser.waitForText("Welcome, Ada Admin"))
                        try await browser.submit(".sign-out button")
                    } else {
                        #expect(try await browser.waitForText("That code is not right"))
                    }
                }
                let actions = try await harness.auditActions()
                #expect(
                    Set(actions).isSuperset(of: [
                        "auth.password_set", "auth.two_factor_enrolled", "auth.signed_in", "auth.recovery_code_used",
                    ]))
                try await harness.expectCleanConsole(browser, "sign-in")

                // Usable at 360 px wide: nothing wider than the screen, on the sign-in page and the console.
                let phone = try await harness.browser(width: 360, height: 740)
                try await phone.go(harness.url("/console/sign-in"))
                try await harness.screenshot(phone, "sign-in-360")
                #expect(try await phone.execute("return document.documentElement.scrollWidth;").intValue ?? 999 <= 360)
                try await phone.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
                harness.clock.advance(seconds: 30)
                try await phone.fill("#code", TOTP(secret: secret).code(at: harness.clock.now()))
                try await phone.submit("form button.primary")
                try await phone.go(harness.url("/console/sessions"))
                try await harness.screenshot(phone, "sessions-360")
                #expect(try await phone.execute("return document.documentElement.scrollWidth;").intValue ?? 999 <= 360)

                // Replacing the authenticator later needs the password again first.
                harness.clock.advance(seconds: 6 * 60)
                try await phone.go(harness.url("/console/two-factor/enroll"))
                #expect(try await phone.waitForPath("/console/confirm"))
                try await phone.fill("#password", Self.adminPassword)
                try await phone.submit("button.primary")
                #expect(try await phone.waitForPath("/console/two-factor/enroll"))
                #expect(try await phone.waitForText("Thank you. You can go ahead"))
            }
        }

        /// "Forgot your password?" on the sign-in page: the same answer for any address, a link mailed (through the
        /// outbox) only to an agent who has the address, and that link sets a new password.
        @Test func forgotPassword_mailsALinkOnlyToARealAccount_andTheLinkSetsANewPassword() async throws {
            try await BrowserHarness.run { harness in
                let browser = try await harness.browser()
                try await browser.setPassword(link: try await harness.invitationLink(for: harness.adminID), Self.adminPassword)
                #expect(try await browser.waitForText("Your password is set"))
                // Past the five minutes in which the invitation counts as her latest link.
                harness.clock.advance(seconds: Passwords.requestInterval + 1)
                let store = harness.helpdesk.store
                func waiting() async throws -> [OutboxMessage] {
                    try await store.read { sql in
                        try await store.mail.due(at: harness.clock.now().adding(seconds: 3_600), limit: 100, on: sql)
                    }
                    .filter { $0.kind == .accountLink }
                }
                try await browser.go(harness.url("/console/sign-in"))
                try await browser.submit("a[href=\"/console/forgot-password\"]")
                try await browser.fill("#email", "nobody@alpha.example")
                try await browser.submit("button[type=submit]")
                let unknownAnswer = try await browser.waitFor("#link-sent").text()
                #expect(try await waiting().isEmpty)
                try await browser.go(harness.url("/console/forgot-password"))
                try await browser.fill("#email", "not an address")
                try await browser.submit("button[type=submit]")
                #expect(try await browser.element("#email").attribute("aria-invalid") == "true")
                try await browser.fill("#email", "ADMIN@alpha.example")
                try await browser.submit("button[type=submit]")
                let knownAnswer = try await browser.waitFor("#link-sent").text()
                #expect(
                    knownAnswer.replacingOccurrences(of: "admin@alpha.example", with: "X")
                        == unknownAnswer.replacingOccurrences(of: "nobody@alpha.example", with: "X"),
                    "the page says the same whether or not the address has an account")
                try await harness.screenshot(browser, "forgot-password")
                try await harness.expectCleanConsole(browser, "forgot-password")
                let mails = try await waiting()
                try #require(mails.count == 1)
                #expect(mails[0].recipients == ["admin@alpha.example"])
                let text = ParsedMail(parsing: mails[0].content).text
                let link = try #require(text.split(whereSeparator: \.isWhitespace).first { $0.contains("/set-password?token=") })
                #expect(link.hasPrefix("https://alpha.localhost"))
                // The mailed link, opened on this server, sets a new password; the old one no longer signs in.
                let token = try #require(link.components(separatedBy: "token=").last)
                try await browser.setPassword(link: harness.url("/console/set-password?token=\(token)"), "amber meadow compass 77")
                #expect(try await browser.waitForText("Your password is set"))
                try await browser.signIn(harness, email: "admin@alpha.example", password: Self.adminPassword)
                #expect(try await browser.waitFor("#form-error").text().isEmpty == false)
            }
        }
    }
}
