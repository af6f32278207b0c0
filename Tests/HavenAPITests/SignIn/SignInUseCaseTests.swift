import Foundation
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore
import Testing

/// The sign-in use cases below any channel, with a moved clock.
@Suite struct SignInUseCaseTests {
    static let password = "violet harbour lantern 42"

    @Test func unknownEmailAndWrongPassword_sameAnswer_thenLockedForGrowingIntervals_unlockedByAdmin() async throws {
        try await AccessFixture.run { fixture in
            try await fixture.setPassword(fixture.adminID, Self.password)
            for email in ["admin@alpha.example", "nobody@alpha.example"] {
                await #expect(throws: SignInError.invalidCredentials) { try await fixture.signIn(email, "wrong password 1") }
            }
            // Five failures of the account (policy default) lock it, whatever the address.
            for index in 0..<3 {
                await #expect(throws: SignInError.invalidCredentials) {
                    try await fixture.signIn("admin@alpha.example", "wrong \(index)", from: "198.51.100.\(index)")
                }
            }
            await #expect(throws: SignInError.locked(retryAfterSeconds: 600)) {
                try await fixture.signIn("admin@alpha.example", "wrong again", from: "198.51.100.9")
            }
            // Even the right password is refused while locked, and the lock is in the database, audited.
            await #expect(throws: SignInError.locked(retryAfterSeconds: 600)) {
                try await fixture.signIn("admin@alpha.example", Self.password)
            }
            #expect(try await fixture.auditActions().filter { $0 == "auth.locked" }.count == 1)
            fixture.clock.advance(seconds: 601)
            _ = try await fixture.signIn("admin@alpha.example", Self.password)
            // The next lock doubles.
            for index in 0..<5 {
                _ = try? await fixture.signIn("admin@alpha.example", "wrong \(index)", from: "203.0.113.\(index)")
            }
            await #expect(throws: SignInError.locked(retryAfterSeconds: 1_200)) {
                try await fixture.signIn("admin@alpha.example", Self.password)
            }
            try await SecurityAdministration(fixture.helpdesk).unlock(fixture.adminID, by: fixture.operatorPrincipal)
            _ = try await fixture.signIn("admin@alpha.example", Self.password, from: "203.0.113.200")
            #expect(try await fixture.auditActions().contains("auth.unlocked"))
        }
    }

    @Test func anUnknownEmail_locksLikeAKnownOne() async throws {
        try await AccessFixture.run { fixture in
            for index in 0..<4 {
                _ = try? await fixture.signIn("ghost@alpha.example", "guess \(index)", from: "198.51.100.\(index)")
            }
            await #expect(throws: SignInError.locked(retryAfterSeconds: 600)) {
                try await fixture.signIn("ghost@alpha.example", "guess 5", from: "198.51.100.99")
            }
        }
    }

    @Test func sessions_idleAndAbsoluteTimeouts_capAndSignOutEverywhere() async throws {
        try await AccessFixture.run { fixture in
            var policy = JSONObject()
            policy.append("two_factor", "optional")
            policy.append("agents", ["max_concurrent_sessions": 2])
            try await SecurityAdministration(fixture.helpdesk).update(policy, confirmed: false, by: fixture.operatorPrincipal)
            try await fixture.setPassword(fixture.adminID, Self.password)
            let first = try await fixture.signIn("admin@alpha.example", Self.password)
            #expect(first.session.stage == .complete)
            #expect(try await fixture.resolve(first.token) != nil)
            fixture.clock.advance(seconds: 59 * 60)
            #expect(try await fixture.resolve(first.token) != nil, "activity within the idle timeout keeps the session")
            fixture.clock.advance(seconds: 59 * 60)
            #expect(try await fixture.resolve(first.token) != nil)
            fixture.clock.advance(seconds: 61 * 60)
            #expect(try await fixture.resolve(first.token) == nil, "61 idle minutes end it")
            #expect(try await fixture.auditActions().contains("auth.session_expired"))

            // The cap: a third sign-in ends the oldest.
            let a = try await fixture.signIn("admin@alpha.example", Self.password)
            fixture.clock.advance(seconds: 1)
            let b = try await fixture.signIn("admin@alpha.example", Self.password)
            fixture.clock.advance(seconds: 1)
            let c = try await fixture.signIn("admin@alpha.example", Self.password)
            #expect(try await fixture.resolve(a.token) == nil)
            #expect(try await fixture.resolve(b.token) != nil)
            let current = try #require(try await fixture.resolve(c.token))
            #expect(try await Sessions(fixture.helpdesk).endOthers(current) == 1)
            #expect(try await fixture.resolve(b.token) == nil)
            #expect(try await fixture.resolve(c.token) != nil)

            // The absolute timeout (12 h by default) ends even an active session.
            for _ in 0..<13 {
                fixture.clock.advance(seconds: 3_600)
                _ = try await fixture.resolve(c.token)
            }
            #expect(try await fixture.resolve(c.token) == nil)
        }
    }

    @Test func totp_replayRefused_recoveryCodesSingleUse_newTokenAfterSecondFactor() async throws {
        try await AccessFixture.run { fixture in
            try await fixture.setPassword(fixture.adminID, Self.password)
            let pending = try await fixture.signIn("admin@alpha.example", Self.password)
            #expect(pending.session.stage == .enrollment, "admins must enroll by default")
            let signedIn = try #require(try await fixture.resolve(pending.token))
            let enrollment = try await TwoFactor(fixture.helpdesk).begin(signedIn, issuer: "Alpha Support")
            let totp = TOTP(secret: try #require(Base32.decode(enrollment.secret)))
            await #expect(throws: SignInError.invalidCode) { try await TwoFactor(fixture.helpdesk).confirm(signedIn, code: "000000") }
            let (codes, issued) = try await TwoFactor(fixture.helpdesk).confirm(signedIn, code: totp.code(at: fixture.clock.now()))
            #expect(codes.count == 10 && Set(codes).count == 10)
            let completed = try #require(issued)
            #expect(completed.token != pending.token)
            #expect(try await fixture.resolve(pending.token) == nil, "the token seen before enrollment no longer works")
            #expect(try await fixture.resolve(completed.token)?.session.stage == .complete)

            let second = try await fixture.signIn("admin@alpha.example", Self.password)
            #expect(second.session.stage == .secondFactor)
            let waiting = try #require(try await fixture.resolve(second.token))
            let used = totp.code(at: fixture.clock.now())
            await #expect(throws: SignInError.invalidCode) {
                try await TwoFactor(fixture.helpdesk).complete(waiting, code: used, recovery: false)
            }
            fixture.clock.advance(seconds: 30)
            let done = try await TwoFactor(fixture.helpdesk).complete(waiting, code: totp.code(at: fixture.clock.now()), recovery: false)
            #expect(done.token != second.token)
            #expect(try await fixture.resolve(second.token) == nil)

            let third = try #require(try await fixture.resolve(try await fixture.signIn("admin@alpha.example", Self.password).token))
            _ = try await TwoFactor(fixture.helpdesk).complete(third, code: " " + codes[3].uppercased(), recovery: true)
            let fourth = try #require(try await fixture.resolve(try await fixture.signIn("admin@alpha.example", Self.password).token))
            await #expect(throws: SignInError.invalidCode) {
                try await TwoFactor(fixture.helpdesk).complete(fourth, code: codes[3], recovery: true)
            }
            let stored = try await fixture.helpdesk.store.read { sql in
                try await fixture.helpdesk.store.credentialsOfPeople.find(fixture.tenant.id, fixture.adminID, on: sql)
            }
            #expect(stored?.recoveryCodeHashes.count == 9)
            #expect(stored?.recoveryCodeHashes.contains(codes[0]) == false, "codes are kept only as hashes")
        }
    }

    @Test func links_singleUseAndExpiring_passwordPolicyAndLength() async throws {
        try await AccessFixture.run { fixture in
            let passwords = Passwords(fixture.helpdesk)
            let token = try await passwords.issueLink(for: fixture.adminID, purpose: .passwordReset, by: fixture.operatorPrincipal)
            await #expect(throws: SignInError.weakPassword(["The password must have at least 12 characters"])) {
                try await passwords.redeem(token, tenant: fixture.tenant, password: "short one", sourceIP: nil)
            }
            await #expect(throws: SignInError.weakPassword(["The password is one of the most commonly used passwords"])) {
                try await passwords.redeem(token, tenant: fixture.tenant, password: "1qaz2wsx3edc", sourceIP: nil)
            }
            await #expect(throws: SignInError.weakPassword(["The password is longer than 1024 bytes"])) {
                try await passwords.redeem(token, tenant: fixture.tenant, password: String(repeating: "x", count: 10_240), sourceIP: nil)
            }
            _ = try await passwords.redeem(token, tenant: fixture.tenant, password: Self.password, sourceIP: nil)
            await #expect(throws: SignInError.invalidLink) {
                try await passwords.redeem(token, tenant: fixture.tenant, password: Self.password + "x", sourceIP: nil)
            }
            let late = try await passwords.issueLink(for: fixture.adminID, purpose: .passwordReset, by: fixture.operatorPrincipal)
            fixture.clock.advance(seconds: 3_601)
            await #expect(throws: SignInError.invalidLink) {
                try await passwords.redeem(late, tenant: fixture.tenant, password: Self.password + "y", sourceIP: nil)
            }
            // A newer link voids the older one.
            let older = try await passwords.issueLink(for: fixture.adminID, purpose: .passwordReset, by: fixture.operatorPrincipal)
            _ = try await passwords.issueLink(for: fixture.adminID, purpose: .passwordReset, by: fixture.operatorPrincipal)
            #expect(try await passwords.link(older, tenant: fixture.tenant) == nil)
            // A 10 KB password at sign-in is refused before it costs a hash.
            await #expect(throws: SignInError.tooLong) {
                try await fixture.signIn("admin@alpha.example", String(repeating: "y", count: 10_240))
            }
        }
    }

    @Test func contacts_signInToThePortalOnly_underTheirOwnPolicy() async throws {
        try await AccessFixture.run { fixture in
            let principal = Principal.agent(fixture.adminID, role: .admin, apiKey: nil, tenant: fixture.tenant.id)
            var contact = ContactChanges()
            contact.name = "Cora Customer"
            contact.email = "cora@customer.example"
            let cora = try await CreateContact(fixture.helpdesk)(contact, by: principal).id
            let token = try await Passwords(fixture.helpdesk).issueLink(for: cora, purpose: .invitation, by: fixture.operatorPrincipal)
            // Contacts' minimum is 10 characters by default (agents': 12).
            _ = try await Passwords(fixture.helpdesk).redeem(token, tenant: fixture.tenant, password: "orchid cave", sourceIP: nil)
            let portal = try await SignIn(fixture.helpdesk)(
                SignIn.Attempt(email: "cora@customer.example", password: "orchid cave", sourceIP: "192.0.2.7", userAgent: nil),
                tenant: fixture.tenant, audience: .contact)
            #expect(portal.session.stage == .complete, "no second factor for contacts")
            #expect(portal.session.expiresAt.secondsSince1970 - portal.session.createdAt.secondsSince1970 == 720 * 3_600)
            await #expect(throws: SignInError.invalidCredentials) {
                try await fixture.signIn("cora@customer.example", "orchid cave")
            }
            // A contact's session is no console session.
            #expect(try await fixture.resolve(portal.token) == nil)
            let signedIn = try await Sessions(fixture.helpdesk).resolve(
                token: portal.token, tenant: fixture.tenant, audience: .contact, sourceIP: "192.0.2.7")
            #expect(signedIn?.principal.kind == .contact(cora))
            #expect(try await fixture.auditActions().contains("auth.signed_in"))
        }
    }

    @Test func changingThePassword_needsTheCurrentOne_endsOtherSessions_andRotatesThisOne() async throws {
        try await AccessFixture.run { fixture in
            try await SecurityAdministration(fixture.helpdesk).update(
                ["two_factor": "optional"], confirmed: false, by: fixture.operatorPrincipal)
            try await fixture.setPassword(fixture.adminID, Self.password)
            let elsewhere = try await fixture.signIn("admin@alpha.example", Self.password)
            let here = try await fixture.signIn("admin@alpha.example", Self.password)
            let signedIn = try #require(try await fixture.resolve(here.token))
            let passwords = Passwords(fixture.helpdesk)
            await #expect(throws: SignInError.wrongCurrentPassword) {
                try await passwords.change(signedIn, current: "not it", new: "a brand new phrase 7")
            }
            await #expect(throws: SignInError.weakPassword(["The password must have at least 12 characters"])) {
                try await passwords.change(signedIn, current: Self.password, new: "short")
            }
            #expect(try await fixture.resolve(elsewhere.token) != nil, "refused changes end nothing")
            let rotated = try await passwords.change(signedIn, current: Self.password, new: "a brand new phrase 7")
            #expect(try await fixture.resolve(elsewhere.token) == nil)
            #expect(try await fixture.resolve(here.token) == nil, "this browser's old token stops too")
            #expect(try await fixture.resolve(rotated.token) != nil)
            await #expect(throws: SignInError.invalidCredentials) { try await fixture.signIn("admin@alpha.example", Self.password) }
            _ = try await fixture.signIn("admin@alpha.example", "a brand new phrase 7")
            #expect(try await fixture.auditActions().contains("auth.password_changed"))
        }
    }
}
