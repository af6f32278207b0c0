public import HavenCore
import HavenStore

/// Changes an agent's settings and user record; the last administrator keeps the role. One transaction with its
/// `agent.updated` entry, or `agent.role_changed` when the role changed (the one an auditor looks for first).
public struct UpdateAgent: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: UserID, _ profile: AgentProfileChanges, _ settings: AgentSettings, by principal: Principal)
        async throws -> AgentDetails
    {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            guard var agent = try await store.agents.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            if let email = profile.email ?? nil, let owner = try await store.contacts.userID(email: email, change.tenant, on: change.sql),
                owner != id
            {
                throw HavenError.conflict([ContactRules.duplicate("email", owner)])
            }
            let roles = try await store.roles.all(change.tenant, on: change.sql)
            let previous = agent
            try await settings.apply(to: &agent.agent, roles: roles, store: store, on: change.sql)
            if previous.agent.role == .admin, agent.agent.role != .admin,
                try await store.agents.countAdmins(change.tenant, on: change.sql) <= 1
            {
                throw HavenError.validation([
                    FieldError(
                        field: "role_ids", message: "The last administrator cannot lose the administrator role", code: .inconsistentState)
                ])
            }
            profile.apply(to: &agent.contact)
            agent.contact.updatedAt = change.now
            agent.agent.updatedAt = change.now
            try await store.contacts.update(agent.contact, on: change.sql)
            try await store.agents.update(agent.agent, on: change.sql)
            let details = AgentDetails(profile: agent, roleIDs: AgentSettings.roleIDs(agent.agent, roles))
            try await change.record(
                previous.agent.role == agent.agent.role ? .agentUpdated : .agentRoleChanged, .agent(id),
                before: .agent(previous, roleIDs: AgentSettings.roleIDs(previous.agent, roles)),
                after: .agent(agent, roleIDs: details.roleIDs))
            return details
        }
    }
}
