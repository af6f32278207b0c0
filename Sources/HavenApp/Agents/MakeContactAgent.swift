public import HavenCore
import HavenStore

/// Promotes a contact with an e-mail address to an agent. One transaction with its `contact.made_agent` entry.
public struct MakeContactAgent: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: UserID, _ settings: AgentSettings, by principal: Principal) async throws -> AgentDetails {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            guard var contact = try await store.contacts.findContact(change.tenant, id, on: change.sql), !contact.deleted else {
                throw HavenError.notFound
            }
            guard contact.email != nil else {
                throw HavenError.validation([
                    FieldError(field: "email", message: "The contact needs an e-mail address to become an agent", code: .inconsistentState)
                ])
            }
            let roles = try await store.roles.all(change.tenant, on: change.sql)
            var agent = Agent(tenantID: change.tenant, id: id, role: .agent, createdAt: change.now)
            try await settings.apply(to: &agent, roles: roles, store: store, on: change.sql)
            contact.isAgent = true
            contact.active = true
            contact.updatedAt = change.now
            try await store.contacts.update(contact, on: change.sql)
            try await store.agents.insert(agent, on: change.sql)
            let details = AgentDetails(profile: AgentProfile(agent: agent, contact: contact), roleIDs: AgentSettings.roleIDs(agent, roles))
            try await change.record(.contactMadeAgent, .agent(id), before: nil, after: .agent(details.profile, roleIDs: details.roleIDs))
            return details
        }
    }
}
