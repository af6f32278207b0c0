import HavenCore
import HavenStore

/// Adds an agent (a user row and its agent row) with a unique e-mail address. One transaction with its
/// `agent.created` entry.
public struct CreateAgent: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(email: String, _ profile: AgentProfileChanges, _ settings: AgentSettings, by principal: Principal)
        async throws -> AgentDetails
    {
        try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            try await self.create(email: email, profile, settings, in: change)
        }
    }

    /// The creation inside a change another use case runs (inviting an occasional agent adds its end date and link).
    func create(email: String, _ profile: AgentProfileChanges, _ settings: AgentSettings, in change: Change) async throws
        -> AgentDetails
    {
        let store = self.helpdesk.store
        if let owner = try await store.contacts.userID(email: email, change.tenant, on: change.sql) {
            throw HavenError.conflict([ContactRules.duplicate("email", owner)])
        }
        let id = UserID(try await IDSequences.next("users", on: change.sql))
        var contact = Contact(
            tenantID: change.tenant, id: id, name: profile.name ?? String(email.split(separator: "@")[0]), createdAt: change.now)
        profile.apply(to: &contact)
        contact.email = email
        contact.isAgent = true
        contact.active = true
        var agent = Agent(tenantID: change.tenant, id: id, role: .agent, createdAt: change.now)
        let roles = try await store.roles.all(change.tenant, on: change.sql)
        try await settings.apply(to: &agent, roles: roles, store: store, on: change.sql)
        try await store.contacts.insert(contact, on: change.sql)
        try await store.agents.insert(agent, on: change.sql)
        let details = AgentDetails(
            profile: AgentProfile(agent: agent, contact: contact), roleIDs: AgentSettings.roleIDs(agent, roles))
        try await change.record(
            .agentCreated, .agent(id), before: nil, after: .agent(details.profile, roleIDs: details.roleIDs))
        return details
    }
}
