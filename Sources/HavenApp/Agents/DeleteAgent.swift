public import HavenCore
import HavenStore

/// Turns an agent back into a plain contact: its agent row and API keys go, its tickets are unassigned. An agent
/// cannot delete themself, and the last administrator stays. One transaction with its `agent.deleted` entry.
public struct DeleteAgent: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: UserID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            guard var profile = try await store.agents.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            guard id != principal.agentID else {
                throw HavenError.validation([FieldError(field: "id", message: "You cannot delete yourself", code: .inconsistentState)])
            }
            if profile.agent.role == .admin, try await store.agents.countAdmins(change.tenant, on: change.sql) <= 1 {
                throw HavenError.validation([
                    FieldError(field: "id", message: "The last administrator cannot be deleted", code: .inconsistentState)
                ])
            }
            _ = try await store.apiKeys.revokeAll(change.tenant, agent: id, at: change.now, on: change.sql)
            // Deactivation ends every session at once (the resolver would refuse them anyway; this removes them).
            let sessions = try await store.sessions.deleteAll(change.tenant, user: id, except: nil, on: change.sql)
            try await store.tickets.unassign(change.tenant, agent: id, on: change.sql)
            try await store.agents.delete(change.tenant, id, on: change.sql)
            profile.contact.isAgent = false
            profile.contact.updatedAt = change.now
            try await store.contacts.update(profile.contact, on: change.sql)
            try await change.record(
                .agentDeleted, .agent(id), details: ["api_keys_revoked": true, "sessions_ended": .int(Int64(sessions))])
        }
    }
}
