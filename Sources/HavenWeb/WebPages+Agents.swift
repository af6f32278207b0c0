import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// The admin's agents: everyone with their role (changed here), full-time or occasional until a date, invitations
/// (a link shown once, as `haven agent invite` prints it), and turning an agent back into a contact — through the
/// same use cases as `/api/v2/agents` and the CLI. Sign-in matters (locks, 2-step, sessions) stay on Security.
extension WebPages {
    func agents(
        _ request: WebRequest, _ signedIn: SignedIn, error: String? = nil, invalid: Set<String> = [], typed: [String: String] = [:],
        issued: (link: String, email: String, until: String)? = nil
    ) async throws -> WebResponse {
        let agents = try await AgentQueries(self.helpdesk).list(
            AgentFilter(), page: PageRequest(page: 1, perPage: 100), by: signedIn.principal)
        var values: [String: Any] = [
            "agents": agents.items.map { details -> [String: Any] in
                let agent = details.profile.agent
                return [
                    "id": String(agent.id.rawValue), "name": details.profile.contact.name, "email": details.profile.contact.email ?? "",
                    "occasional": agent.occasional, "is_me": agent.id == signedIn.person.id,
                    "roles": AgentRole.allCases.map { ["value": $0.rawValue, "label": $0.displayName, "selected": $0 == agent.role] },
                ]
            },
            "role_choices": AgentRole.allCases.map {
                ["value": $0.rawValue, "label": $0.displayName, "selected": $0.rawValue == (typed["role"] ?? "agent")]
            },
            "typed_email": typed["email"] ?? "", "typed_name": typed["name"] ?? "", "typed_until": typed["until"] ?? "",
            "more": agents.hasMore,
        ]
        for field in invalid { values["invalid_\(field)"] = true }
        if let issued { values["issued"] = ["link": issued.link, "email": issued.email, "until": issued.until] }
        return self.render(
            "agents", request, current: "/admin/agents", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    func agentsAction(_ request: WebRequest, _ signedIn: SignedIn, action: String) async throws -> WebResponse {
        let principal = signedIn.principal
        let page = request.showing("/admin/agents")
        switch action {
        case "invite":
            let typed = [
                "email": request.form["email"] ?? "", "name": request.form["name"] ?? "", "role": request.form["role"] ?? "",
                "until": request.form["until"] ?? "",
            ]
            guard let role = AgentRole(rawValue: request.form["role"] ?? "") else {
                return try await self.agents(page, signedIn, error: "Choose a role.", invalid: ["role"], typed: typed)
            }
            var until: Timestamp?
            if let text = request.form.text("until") {
                guard let date = CivilDate.endOfDay(text) else {
                    return try await self.agents(
                        page, signedIn, error: "The end date should be a date like 2027-01-31.", invalid: ["until"], typed: typed)
                }
                until = date
            }
            do {
                let (agent, token) = try await InviteAgent(self.helpdesk)(
                    email: request.form.text("email") ?? "", name: request.form.text("name"), role: role, occasionalUntil: until,
                    by: principal, mailing: request.setPasswordPage)
                let link = "\(request.setPasswordPage)?token=\(token)"
                let expires = Self.date(self.now.adding(seconds: Passwords.lifetime(.invitation)))
                return try await self.agents(page, signedIn, issued: (link, agent.profile.contact.email ?? "", expires))
            } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
                return try await self.agents(
                    page, signedIn, error: Self.describe(problems),
                    invalid: Set(problems.map { $0.field == "access_ends_at" ? "until" : $0.field }),
                    typed: typed)
            }
        case "role", "remove":
            guard let id = request.form["agent_id"].flatMap({ Int64($0) }).map(UserID.init) else {
                return self.message(request, status: .badRequest, "No agent named", "Choose an agent from the list.")
            }
            do {
                if action == "role" {
                    guard let role = AgentRole(rawValue: request.form["role"] ?? "") else {
                        return try await self.agents(page, signedIn, error: "Choose one of the roles offered.")
                    }
                    let roles = try await self.helpdesk.store.read { sql in
                        try await self.helpdesk.store.roles.all(request.tenant.id, on: sql)
                    }
                    var settings = AgentSettings()
                    settings.roleIDs = roles.filter { $0.key == role }.map(\.id)
                    _ = try await UpdateAgent(self.helpdesk)(id, AgentProfileChanges(), settings, by: principal)
                } else {
                    try await DeleteAgent(self.helpdesk)(id, by: principal)
                }
            } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
                return try await self.agents(page, signedIn, error: Self.describe(problems))
            } catch HavenError.notFound {
                return self.message(request, status: .notFound, "Agent not found", "There is no such agent in \(request.tenant.name).")
            }
            return .redirect(request.site.prefix + "/admin/agents?notice=done")
        default:
            return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
        }
    }
}
