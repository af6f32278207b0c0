import Foundation
import HavenApp
import HavenCore
import HavenCrypto
import HavenServer
import HavenStore
import Logging

/// A helpdesk on a temporary directory with a moved clock and cheap password hashes, a tenant with an admin, for
/// the sign-in use cases below any channel.
struct AccessFixture: Sendable {
    let helpdesk: Helpdesk
    let clock: ManualClock
    let tenant: Tenant
    let adminID: UserID
    let apiKey: String

    static func run(_ body: @Sendable (AccessFixture) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "haven-access-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "haven-access-test")
        logger.logLevel = .critical
        let clock = ManualClock(Timestamp(secondsSince1970: 1_796_000_000))
        let helpdesk = try await Composition.open(
            Composition.Storage(dataDirectory: directory), settings: HelpdeskSettings(passwordHashing: .init(log2Rounds: 10)), clock: clock,
            logger: logger)
        do {
            let created = try await Provisioning(store: helpdesk.store, actor: .cli("test")).createTenant(
                name: "Alpha Support", subdomain: "alpha", adminEmail: "admin@alpha.example", adminName: "Ada Admin")
            try await body(
                AccessFixture(helpdesk: helpdesk, clock: clock, tenant: created.tenant, adminID: created.agentID, apiKey: created.apiKey))
        } catch {
            await helpdesk.store.database.close()
            throw error
        }
        await helpdesk.store.database.close()
    }

    var operatorPrincipal: Principal { .cliOperator("test", tenant: self.tenant.id) }

    /// Sets a person's password through an invitation link, as the person would.
    func setPassword(_ person: UserID, _ password: String) async throws {
        let token = try await Passwords(self.helpdesk).issueLink(for: person, purpose: .invitation, by: self.operatorPrincipal)
        _ = try await Passwords(self.helpdesk).redeem(token, tenant: self.tenant, password: password, sourceIP: "192.0.2.1")
    }

    func signIn(_ email: String, _ password: String, from address: String = "192.0.2.1") async throws -> IssuedSession {
        try await SignIn(self.helpdesk)(
            SignIn.Attempt(email: email, password: password, sourceIP: address, userAgent: "Test"), tenant: self.tenant, audience: .agent)
    }

    func resolve(_ token: String, from address: String = "192.0.2.1") async throws -> SignedIn? {
        try await Sessions(self.helpdesk).resolve(token: token, tenant: self.tenant, audience: .agent, sourceIP: address)
    }

    func auditActions() async throws -> [String] {
        let store = self.helpdesk.store
        return try await store.read { sql in try await store.auditEntries.entries(self.tenant.id, afterSeq: 0, limit: 100_000, on: sql) }
            .map(\.action)
    }
}
