import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore

/// A signed-in person's own pages: home, password, sessions (API keys: `WebPages+APIKeys`).
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
