import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// API keys in the console (people.md §2), on two pages through the same use case: an agent's own keys (Account), and
/// the admin's view of every agent's keys (Admin), where a key can be made for an agent or revoked whoever owns it.
/// Creating or revoking asks for the password again when it was not entered in the last minutes.
extension WebPages {
    enum KeysPage {
        case own
        case everyAgent

        var path: String { self == .own ? "/api-keys" : "/admin/api-keys" }
    }

    func apiKeys(_ request: WebRequest, _ signedIn: SignedIn, _ page: KeysPage) async throws -> WebResponse {
        let principal = signedIn.principal
        if page == .everyAgent { try principal.require(.manageSecurity) }
        let management = APIKeyManagement(self.helpdesk)
        // The admin's page names each key's owner and offers the agents a new key can be for.
        var agents: [(id: UserID, name: String)] = []
        if page == .everyAgent {
            agents = try await AgentQueries(self.helpdesk).list(AgentFilter(), page: PageRequest(page: 1, perPage: 100), by: principal)
                .items.map { ($0.profile.agent.id, $0.profile.contact.name) }
        }
        var values: [String: Any] = [:]
        var error: String?
        let chosenAgent = request.form["agent"].flatMap { Int64($0) }.map { UserID($0) }
        if request.isPost {
            if let redirect = self.requireRecentAuthentication(request, signedIn, returnTo: request.site.prefix + page.path) {
                return redirect
            }
            let allowlistText = request.form["allowlist"] ?? ""
            values = [
                "form_name": request.form["name"] ?? "", "form_expires": request.form["expires"] ?? "",
                "form_read_only": request.form["read_only"] == "1", "form_allowlist": allowlistText,
            ]
            var expires: Timestamp?
            if let text = request.form.text("expires") {
                expires = CivilDate.endOfDay(text)
                if expires == nil { error = "The expiry date is not a date (use the date picker, or YYYY-MM-DD)." }
            }
            if page == .everyAgent, chosenAgent == nil {
                error = "Choose the agent the key is for."
            }
            if error == nil {
                let entries = allowlistText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
                do {
                    let (record, key) = try await management.create(
                        APIKeyManagement.Request(
                            name: request.form["name"] ?? "", expiresAt: expires, readOnly: request.form["read_only"] == "1",
                            allowlist: entries),
                        for: page == .own ? nil : chosenAgent, by: principal)
                    values = ["created_key": key, "created_for": agents.first { $0.id == record.agent }?.name ?? ""]
                } catch HavenError.validation(let problems) {
                    error = Self.describe(problems)
                } catch HavenError.notFound {
                    error = "That agent is not an agent here any more; choose another."
                }
            }
        }
        let keys = try await page == .own ? management.list(by: principal) : management.listAll(by: principal)
        let names = Dictionary(agents.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        values["keys"] = keys.map { key -> [String: Any] in
            [
                "id": String(key.id.rawValue), "name": key.name, "prefix": key.prefix,
                "owner": names[key.agent] ?? "Agent #\(key.agent.rawValue) (no longer an agent)",
                "scope": key.readOnly ? "read-only" : "read and write",
                "expires": key.expiresAt.map { Self.date($0) } ?? "never", "last_used": key.lastUsedAt.map { Self.date($0) } ?? "never",
                "allowlist": key.allowlist.isEmpty ? "any address" : key.allowlist.joined(separator: ", "),
                "revoked": key.revokedAt != nil,
            ]
        }
        values["every_agent"] = page == .everyAgent
        values["action"] = request.site.prefix + page.path
        values["agent_choices"] = agents.map { agent -> [String: Any] in
            ["value": String(agent.id.rawValue), "label": agent.name, "selected": agent.id == chosenAgent]
        }
        return self.render(
            "api_keys", request, current: page.path, error: error,
            status: error == nil ? (values["created_key"] == nil ? .ok : .created) : .unprocessableContent,
            values)
    }

    func revokeKey(_ request: WebRequest, _ signedIn: SignedIn, _ page: KeysPage) async throws -> WebResponse {
        if page == .everyAgent { try signedIn.principal.require(.manageSecurity) }
        if let redirect = self.requireRecentAuthentication(request, signedIn, returnTo: request.site.prefix + page.path) {
            return redirect
        }
        guard let id = request.form["id"].flatMap({ Int64($0) }) else {
            return self.message(request, status: .badRequest, "No key named", "Choose a key to revoke from the list.")
        }
        do {
            try await APIKeyManagement(self.helpdesk).revoke(APIKeyID(id), by: signedIn.principal)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Key not found", "That key does not exist or is revoked already.")
        }
        return .redirect(request.site.prefix + page.path + "?notice=key-revoked")
    }
}
