public import HavenCore
import HavenStore

/// Vendor access (people.md §1): nobody outside the tenant gets in unless an admin invites them as an occasional
/// agent with an end date. At that time access ends by itself — sessions and API keys stop at once (checked on
/// every request), and the sweep deletes them and records the end — every step audited.
public struct VendorAccess: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// The longest vendor access one invitation grants; renew by setting a new end date.
    public static let longestAccessDays: Int64 = 90

    /// Invites an occasional agent until `endsAt`; returns the agent and the invitation link's token (shown once).
    public func invite(
        email: String, name: String, role: AgentRole, endsAt: Timestamp, by principal: Principal, mailing page: String? = nil
    ) async throws -> (AgentDetails, String) {
        let now = self.helpdesk.clock.now()
        var problems: [FieldError] = []
        if !EmailAddress.isValid(email) {
            problems.append(FieldError(field: "email", message: "is not a valid e-mail address", code: .invalidValue))
        }
        if endsAt <= now {
            problems.append(FieldError(field: "access_ends_at", message: "must be in the future", code: .invalidValue))
        } else if endsAt.secondsSince1970 - now.secondsSince1970 > Self.longestAccessDays * 86_400 {
            problems.append(
                FieldError(field: "access_ends_at", message: "must be within \(Self.longestAccessDays) days", code: .invalidValue))
        }
        if role == .admin {
            problems.append(FieldError(field: "role", message: "an occasional agent cannot be an admin", code: .invalidValue))
        }
        guard problems.isEmpty else { throw HavenError.validation(problems) }
        let store = self.helpdesk.store
        let details = try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            var profile = AgentProfileChanges()
            profile.name = name.trimmingWhitespace().isEmpty ? nil : name.trimmingWhitespace()
            var settings = AgentSettings()
            settings.occasional = true
            let created = try await CreateAgent(self.helpdesk).create(email: email, profile, settings, in: change)
            let id = created.profile.contact.id
            if role != .agent {
                var agent = created.profile.agent
                agent.role = role
                try await store.agents.update(agent, on: change.sql)
            }
            try await store.agents.setAccessEnds(change.tenant, id, endsAt, on: change.sql)
            try await change.record(
                .occasionalAgentInvited, .agent(id), details: ["access_ends_at": .timestamp(endsAt), "role": .string(role.rawValue)])
            return created
        }
        let token = try await Passwords(self.helpdesk).issueLink(
            for: details.profile.contact.id, purpose: .invitation, by: principal, mailing: page)
        return (details, token)
    }

    /// The sweep: every agent whose access ended loses their sessions and keys, one audited change each. Returns how
    /// many agents it ended.
    public func endExpired() async throws -> Int {
        let store = self.helpdesk.store
        let now = self.helpdesk.clock.now()
        let ended = try await store.read { sql in try await store.agents.accessEnded(at: now, on: sql) }
        for (tenant, agent) in ended {
            try await self.helpdesk.change(by: .job("vendor_access", tenant: tenant), needs: .manageAgents) { change in
                let sessions = try await store.sessions.deleteAll(tenant, user: agent, except: nil, on: change.sql)
                let keys = try await store.apiKeys.revokeAll(tenant, agent: agent, at: change.now, on: change.sql)
                try await change.record(
                    .agentAccessEnded, .agent(agent), details: ["sessions_ended": .int(Int64(sessions)), "keys_revoked": .int(Int64(keys))])
            }
        }
        return ended.count
    }
}
