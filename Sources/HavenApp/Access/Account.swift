import HavenCore
import HavenStore

/// A person who may sign in to an audience, as the sign-in steps and the session resolver see them: present, not
/// deleted or blocked, an agent for the console (whose vendor access has not ended), a contact for the portal.
struct Account: Sendable {
    let person: Contact
    let role: AgentRole?
    let occasional: Bool
    let accessEndsAt: Timestamp?

    static func load(_ tenant: TenantID, _ id: UserID, audience: Audience, store: Store, on sql: SQLExecutor) async throws -> Account? {
        switch audience {
        case .agent:
            guard let profile = try await store.agents.find(tenant, id, on: sql) else { return nil }
            let ends = try await store.agents.accessEnds(tenant, id, on: sql)
            return Account(person: profile.contact, role: profile.agent.role, occasional: profile.agent.occasional, accessEndsAt: ends)
        case .contact:
            guard let contact = try await store.contacts.find(tenant, id, on: sql), !contact.isAgent else { return nil }
            return Account(person: contact, role: nil, occasional: false, accessEndsAt: nil)
        }
    }

    static func find(_ tenant: TenantID, email: String, audience: Audience, store: Store, on sql: SQLExecutor) async throws -> Account? {
        for id in try await store.contacts.userIDs(email: email, tenant, on: sql) {
            if let account = try await self.load(tenant, id, audience: audience, store: store, on: sql) { return account }
        }
        return nil
    }

    /// Whether the person may use a session at `now`.
    func isActive(at now: Timestamp) -> Bool {
        guard !self.person.deleted, !self.person.blocked else { return false }
        if self.role != nil {
            guard self.person.isAgent, self.person.active else { return false }
            if let ends = self.accessEndsAt, ends <= now { return false }
        }
        return true
    }

    func principal(_ tenant: TenantID, sourceIP: String?) -> Principal {
        if let role = self.role {
            return .agent(self.person.id, role: role, apiKey: nil, tenant: tenant, sourceIP: sourceIP)
        }
        return Principal(tenant: tenant, kind: .contact(self.person.id), sourceIP: sourceIP)
    }
}
