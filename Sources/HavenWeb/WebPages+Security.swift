import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenStore

/// The admin's security pages: the policy with its allowlists (anti-lockout), agents' sign-in standing and the
/// actions on it, and vendor access. Every page here needs `manageSecurity` and a recent password or code.
extension WebPages {
    static let audienceFields: [(key: String, label: String)] = [
        ("password_minimum_length", "Minimum password length"),
        ("max_failures", "Failures before a lock"),
        ("first_lock_minutes", "First lock (minutes, doubles)"),
        ("idle_timeout_minutes", "Idle timeout (minutes)"),
        ("absolute_timeout_hours", "Session lifetime (hours)"),
        ("max_concurrent_sessions", "Sessions per person"),
    ]

    private func adminGate(_ request: WebRequest, _ signedIn: SignedIn) -> WebResponse? {
        guard let role = signedIn.role, PermissionPolicy.allows(role, .manageSecurity) else {
            return self.message(request, status: .forbidden, "Admins only", "Only admins of \(request.tenant.name) can open this page.")
        }
        return self.requireRecentAuthentication(request, signedIn, returnTo: request.site.prefix + "/admin/security")
    }

    func security(_ request: WebRequest, _ signedIn: SignedIn, issued: (link: String, for: String, until: String)? = nil) async throws
        -> WebResponse
    {
        if let refusal = self.adminGate(request, signedIn) { return refusal }
        let administration = SecurityAdministration(self.helpdesk)
        var policy = try await administration.policy(by: signedIn.principal)
        var error: String?
        var lockoutWarning: String?
        var invalid = Set<String>()
        var submitted: [String: String] = [:]
        if request.isPost {
            let changes = Self.policyChanges(request.form)
            for field in Self.audienceFields {
                for audience in ["agents", "contacts"] { submitted["\(audience).\(field.key)"] = request.form["\(audience).\(field.key)"] }
            }
            for scope in SecurityPolicy.AllowlistScope.allCases {
                submitted["allowlist.\(scope.rawValue)"] = request.form["allowlist.\(scope.rawValue)"]
            }
            do {
                policy = try await administration.update(changes, confirmed: request.form["confirm_lockout"] == "1", by: signedIn.principal)
                return .redirect(request.site.prefix + "/admin/security?notice=policy-saved")
            } catch let refusal as SecurityAdministration.WouldLockOut {
                lockoutWarning = refusal.message
            } catch HavenError.validation(let problems) {
                error = "Check the marked fields: " + Self.describe(problems)
                invalid = Set(problems.map(\.field))
            }
        }
        let (agents, lockedAddresses) = try await administration.agents(by: signedIn.principal)
        func fields(_ audience: String, _ settings: SecurityPolicy.AudiencePolicy) -> [[String: Any]] {
            let current = SecurityPolicyCoding.encode(policy)[audience]?.objectValue ?? JSONObject()
            return Self.audienceFields.map { field in
                let bounds = SecurityPolicy.AudiencePolicy.bounds[field.key]!
                let name = "\(audience).\(field.key)"
                return [
                    "key": field.key, "label": field.label, "min": String(bounds.lowerBound), "max": String(bounds.upperBound),
                    "value": submitted[name] ?? current[field.key]?.intValue.map(String.init) ?? "", "invalid": invalid.contains(name),
                ]
            }
        }
        let allowlists = SecurityPolicy.AllowlistScope.allCases.map { scope -> [String: Any] in
            let label = scope == .console ? "Console (agents)" : scope == .portal ? "Portal and widget (customers)" : "API"
            return [
                "scope": scope.rawValue, "label": label,
                "entries": submitted["allowlist.\(scope.rawValue)"] ?? policy.allowlist(scope).joined(separator: "\n"),
                "invalid": invalid.contains("allowlists.\(scope.rawValue)"),
            ]
        }
        let twoFactorOptions: [[String: Any]] = [
            ["value": "optional", "label": "Nobody (optional)", "selected": policy.twoFactor == .optional],
            ["value": "admins", "label": "Admins", "selected": policy.twoFactor == .admins],
            ["value": "all_agents", "label": "All agents", "selected": policy.twoFactor == .allAgents],
        ]
        var values: [String: Any] = [
            "agent_fields": fields("agents", policy.agents), "contact_fields": fields("contacts", policy.contacts),
            "allowlists": allowlists, "two_factor_options": twoFactorOptions, "mask_card_numbers": policy.maskCardNumbers,
            "your_address": request.sourceIP.map(ClientAddress.display) ?? "unknown",
            "agents": agents.map(Self.agentRow), "locked_addresses": lockedAddresses > 0 ? String(lockedAddresses) : false,
        ]
        if let lockoutWarning { values["lockout_warning"] = lockoutWarning }
        if let issued {
            values["issued_link"] = issued.link
            values["issued_for"] = issued.for
            values["issued_until"] = issued.until
        }
        let status: HTTPResponse.Status = error != nil || lockoutWarning != nil ? .unprocessableContent : .ok
        return self.render("security", request, current: "/admin/security", error: error, status: status, values)
    }

    func agentAction(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        if let refusal = self.adminGate(request, signedIn) { return refusal }
        guard let id = request.form["agent_id"].flatMap({ Int64($0) }).map(UserID.init) else {
            return self.message(request, status: .badRequest, "No agent named", "Choose an agent from the list.")
        }
        let principal = signedIn.principal
        do {
            switch request.form["action"] {
            case "unlock": try await SecurityAdministration(self.helpdesk).unlock(id, by: principal)
            case "end_sessions":
                _ = try await Sessions(self.helpdesk).endAll(of: id, by: principal)
                if id == signedIn.person.id {
                    var response = WebResponse.redirect(request.site.prefix + "/sign-in?notice=signed-out")
                    response.setCookie(Cookies.clear(request.site.cookie))
                    return response
                }
            case "reset_two_factor": try await TwoFactor(self.helpdesk).reset(id, by: principal)
            case "reset_link":
                let token = try await Passwords(self.helpdesk).issueLink(
                    for: id, purpose: .passwordReset, by: principal, mailing: request.setPasswordPage)
                let email = try await self.helpdesk.store.read { sql in
                    try await self.helpdesk.store.contacts.find(request.tenant.id, id, on: sql)?.email
                }
                let link = "\(request.setPasswordPage)?token=\(token)"
                let until = Self.date(self.now.adding(seconds: Passwords.lifetime(.passwordReset)))
                return try await self.security(request.showing("/admin/security"), signedIn, issued: (link, email ?? "the agent", until))
            default:
                return self.message(request, status: .badRequest, "Unknown action", "Choose one of the buttons in the agents' list.")
            }
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Nothing to change", "That agent has nothing of this kind to change.")
        }
        return .redirect(request.site.prefix + "/admin/security?notice=done")
    }

    func unlockAddresses(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        if let refusal = self.adminGate(request, signedIn) { return refusal }
        _ = try await SecurityAdministration(self.helpdesk).unlockAddresses(by: signedIn.principal)
        return .redirect(request.site.prefix + "/admin/security?notice=done")
    }

    func inviteOccasional(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        if let refusal = self.adminGate(request, signedIn) { return refusal }
        let email = request.form.text("email") ?? ""
        guard let ends = request.form.text("ends").flatMap(CivilDate.endOfDay) else {
            return self.message(request, status: .unprocessableContent, "Invitation not sent", "Choose the date the access ends.")
        }
        let role = AgentRole(rawValue: request.form["role"] ?? "agent") ?? .agent
        do {
            let (details, token) = try await VendorAccess(self.helpdesk).invite(
                email: email, name: request.form["name"] ?? "", role: role, endsAt: ends, by: signedIn.principal,
                mailing: request.setPasswordPage)
            let link = "\(request.setPasswordPage)?token=\(token)"
            let until = Self.date(self.now.adding(seconds: Passwords.lifetime(.invitation)))
            return try await self.security(
                request.showing("/admin/security"), signedIn, issued: (link, details.profile.contact.email ?? email, until))
        } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
            return self.message(
                request, status: .unprocessableContent, "Invitation not sent",
                Self.describe(problems))
        }
    }

    static func agentRow(_ status: SecurityAdministration.AgentStatus) -> [String: Any] {
        var row: [String: Any] = [
            "id": String(status.profile.contact.id.rawValue), "name": status.profile.contact.name,
            "email": status.profile.contact.email ?? "",
            "role": status.profile.agent.role.displayName, "occasional": status.profile.agent.occasional,
            "locked": status.lockedForSeconds != nil, "two_factor": status.twoFactorEnrolled, "has_password": status.hasPassword,
            "sessions": String(status.sessions),
        ]
        if let ends = status.accessEndsAt { row["ends"] = Self.date(ends) }
        return row
    }

    /// The policy form as the JSON form `SecurityPolicyCoding` reads: numbers left as typed (bad ones are named by
    /// the decoder), allowlists one entry per line.
    static func policyChanges(_ form: FormBody) -> JSONObject {
        var changes = JSONObject()
        for audience in ["agents", "contacts"] {
            var settings = JSONObject()
            for field in self.audienceFields {
                guard let text = form.text("\(audience).\(field.key)") else { continue }
                settings.append(field.key, Int64(text).map { .int($0) } ?? .string(text))
            }
            changes.append(audience, .object(settings))
        }
        if let twoFactor = form.text("two_factor") { changes.append("two_factor", .string(twoFactor)) }
        // An unticked box sends nothing: the form always has the box, so its absence means off.
        changes.append("mask_card_numbers", .bool(form["mask_card_numbers"] == "on"))
        var lists = JSONObject()
        for scope in SecurityPolicy.AllowlistScope.allCases {
            guard let text = form["allowlist.\(scope.rawValue)"] else { continue }
            let entries = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            lists.append(scope.rawValue, .strings(entries))
        }
        changes.append("allowlists", .object(lists))
        return changes
    }
}
