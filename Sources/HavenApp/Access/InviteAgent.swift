public import HavenCore
import HavenStore

/// Invites an agent: a full-time one (created, then a 7-day link to set their password), or an occasional one whose
/// access ends on a date (`VendorAccess`). What `haven agent invite` and the console's Agents page both do.
public struct InviteAgent: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// The new agent and the link's token (shown once; only its hash is kept). With `page` (the set-password page,
    /// without the token) the link is mailed to the agent too.
    public func callAsFunction(
        email: String, name: String?, role: AgentRole, occasionalUntil: Timestamp?, by principal: Principal, mailing page: String? = nil
    ) async throws -> (agent: AgentDetails, token: String) {
        let email = email.trimmingWhitespace().lowercased()
        if let until = occasionalUntil {
            return try await VendorAccess(self.helpdesk).invite(
                email: email, name: name ?? "", role: role, endsAt: until, by: principal, mailing: page)
        }
        // The API checks the address's shape at its edge; the console and the CLI come straight here.
        guard EmailAddress.isValid(email) else {
            throw HavenError.validation([FieldError(field: "email", message: "is not a valid e-mail address", code: .invalidValue)])
        }
        let store = self.helpdesk.store
        var profile = AgentProfileChanges()
        profile.name = name.flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 }
        var settings = AgentSettings()
        let roles = try await store.read { sql in try await store.roles.all(principal.tenant, on: sql) }
        settings.roleIDs = roles.filter { $0.key == role }.map(\.id)
        let agent = try await CreateAgent(self.helpdesk)(email: email, profile, settings, by: principal)
        let token = try await Passwords(self.helpdesk).issueLink(
            for: agent.profile.contact.id, purpose: .invitation, by: principal, mailing: page)
        return (agent, token)
    }
}
