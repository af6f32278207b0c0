import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore

/// A signed-in person's own pages: home, password, sessions, API keys.
extension WebPages {
    func home(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let credential = try await self.helpdesk.store.read { sql in
            try await self.helpdesk.store.credentialsOfPeople.find(signedIn.tenant.id, signedIn.person.id, on: sql)
        }
        var values: [String: Any] = ["is_agent": signedIn.role != nil, "two_factor": credential?.hasSecondFactor ?? false]
        if let role = signedIn.role {
            values["role"] = signedIn.occasional ? "occasional \(role.displayName.lowercased())" : role.displayName.lowercased()
        }
        if let ends = signedIn.accessEndsAt { values["access_ends"] = Self.date(ends) }
        return self.render("home", request, current: "/", values)
    }

    func password(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let minimum = try await self.helpdesk.store.compiledPolicy(request.tenant.id).policy.audience(request.site.audience)
            .passwordMinimumLength
        guard request.isPost else { return self.render("password", request, current: "/password", ["minimum": minimum]) }
        let new = request.form["new_password"] ?? ""
        guard new == request.form["repeat_password"] else {
            return self.render(
                "password", request, current: "/password", error: "The two new passwords are not the same.", status: .unprocessableContent,
                ["minimum": minimum])
        }
        do {
            let issued = try await Passwords(self.helpdesk).change(signedIn, current: request.form["current_password"] ?? "", new: new)
            var response = WebResponse.redirect(request.site.prefix + "/sessions?notice=password-changed")
            response.setCookie(Cookies.set(request.site.cookie, issued.token))
            return response
        } catch let error as SignInError {
            return self.render(
                "password", request, current: "/password", error: error.message, status: .unprocessableContent, ["minimum": minimum])
        }
    }

    func sessions(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let list = try await Sessions(self.helpdesk).mine(signedIn)
        let rows = list.map { session -> [String: Any] in
            [
                "id": String(session.id), "device": Self.device(session.userAgent),
                "address": session.sourceIP.map(ClientAddress.display) ?? "—",
                "created": Self.date(session.createdAt), "last_seen": Self.date(session.lastSeenAt),
                "current": session.id == signedIn.session.id,
            ]
        }
        return self.render("sessions", request, current: "/sessions", ["sessions": rows])
    }

    func endSession(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        guard let id = request.form["id"].flatMap({ Int64($0) }) else {
            return self.message(request, status: .badRequest, "No session named", "Choose a session to end from the list.")
        }
        do {
            try await Sessions(self.helpdesk).end(signedIn, sessionID: id)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Session not found", "That session has ended already.")
        }
        return .redirect(request.site.prefix + "/sessions?notice=session-ended")
    }

    func endOtherSessions(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        _ = try await Sessions(self.helpdesk).endOthers(signedIn)
        return .redirect(request.site.prefix + "/sessions?notice=sessions-ended")
    }

    func apiKeys(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let management = APIKeyManagement(self.helpdesk)
        var values: [String: Any] = [:]
        var error: String?
        if request.isPost {
            if let redirect = self.requireRecentAuthentication(request, signedIn, returnTo: request.site.prefix + "/api-keys") {
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
            if error == nil {
                let entries = allowlistText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
                do {
                    let (_, key) = try await management.create(
                        APIKeyManagement.Request(
                            name: request.form["name"] ?? "", expiresAt: expires, readOnly: request.form["read_only"] == "1",
                            allowlist: entries),
                        by: signedIn.principal)
                    values = ["created_key": key]
                } catch HavenError.validation(let problems) {
                    error = Self.describe(problems)
                }
            }
        }
        let keys = try await management.list(by: signedIn.principal).map { key -> [String: Any] in
            [
                "id": String(key.id.rawValue), "name": key.name, "prefix": key.prefix,
                "scope": key.readOnly ? "read-only" : "read and write",
                "expires": key.expiresAt.map { Self.date($0) } ?? "never", "last_used": key.lastUsedAt.map { Self.date($0) } ?? "never",
                "allowlist": key.allowlist.isEmpty ? "any address" : key.allowlist.joined(separator: ", "),
                "revoked": key.revokedAt != nil,
            ]
        }
        values["keys"] = keys
        return self.render(
            "api_keys", request, current: "/api-keys", error: error,
            status: error == nil ? (values["created_key"] == nil ? .ok : .created) : .unprocessableContent,
            values)
    }

    func revokeKey(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        if let redirect = self.requireRecentAuthentication(request, signedIn, returnTo: request.site.prefix + "/api-keys") {
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
        return .redirect(request.site.prefix + "/api-keys?notice=key-revoked")
    }

    /// A short name for a browser from its User-Agent (the sessions page; the full string is kept sealed).
    static func device(_ userAgent: String?) -> String {
        guard let agent = userAgent else { return "Unknown device" }
        let browser =
            agent.contains("Edg/")
            ? "Edge"
            : agent.contains("Firefox/")
                ? "Firefox"
                : agent.contains("Chrome/")
                    ? "Chrome"
                    : agent.contains("Safari/") ? "Safari" : agent.contains("curl/") ? "curl" : "Browser"
        let system =
            agent.contains("Android")
            ? "Android"
            : agent.contains("iPhone") || agent.contains("iPad")
                ? "iOS"
                : agent.contains("Windows") ? "Windows" : agent.contains("Mac OS X") ? "macOS" : agent.contains("Linux") ? "Linux" : nil
        return system.map { "\(browser) on \($0)" } ?? browser
    }
}
