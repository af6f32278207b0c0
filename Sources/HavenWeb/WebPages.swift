import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore

/// The pages of both sites, for one resolved request. Sign-in stages gate what a session may open: a session
/// waiting on its second factor reaches only that step, one waiting on enrollment only enrollment.
struct WebPages {
    let helpdesk: Helpdesk
    let pages: Pages
    let securityEvents: SecurityEvents
    let issuer: String
    /// Visitors' tickets per address (portal and widget share it).
    let visitorThrottle: VisitorTicketThrottle
    let linkRequestThrottle: VisitorTicketThrottle

    var now: Timestamp { self.helpdesk.clock.now() }

    /// A page whose use case refuses the person's role (an address typed or kept from before a role change) says so
    /// with a 403 page; the navigation never offers it.
    func handle(_ request: WebRequest) async throws -> WebResponse {
        do {
            return try await self.route(request)
        } catch HavenError.forbidden(_, let message) {
            return self.message(request, status: .forbidden, "Not allowed", message + " Ask an admin if you need this page.")
        }
    }

    private func route(_ request: WebRequest) async throws -> WebResponse {
        let site = request.site
        switch request.path {
        case "/sign-in": return try await self.signIn(request)
        case "/set-password": return try await self.setPassword(request)
        case "/forgot-password": return try await self.forgotPassword(request)
        default: break
        }
        // The portal's public pages: its home and, when the tenant allows visitors, the new-ticket form.
        if site.audience == .contact, request.signedIn?.session.stage ?? .complete == .complete {
            if let page = try await self.help(request) { return page }
            if let page = try await self.community(request) { return page }
            switch (request.path, request.isPost) {
            case ("/", false): return try await self.portalHome(request)
            case ("/tickets/new", _): return try await self.portalNewTicket(request)
            default: break
            }
        }
        guard let signedIn = request.signedIn else { return .redirect(site.prefix + "/sign-in") }
        if request.path == "/sign-out", request.isPost {
            try await Sessions(self.helpdesk).signOut(signedIn)
            var response = WebResponse.redirect(site.prefix + "/sign-in?notice=signed-out")
            response.setCookie(Cookies.clear(site.cookie))
            return response
        }
        switch signedIn.session.stage {
        case .secondFactor:
            return request.path == "/two-factor" ? try await self.twoFactor(request, signedIn) : .redirect(site.prefix + "/two-factor")
        case .enrollment:
            return request.path == "/two-factor/enroll"
                ? try await self.enroll(request, signedIn) : .redirect(site.prefix + "/two-factor/enroll")
        case .complete:
            break
        }
        switch (request.path, request.isPost) {
        case ("/", false): return try await self.home(request, signedIn)
        case ("/two-factor/enroll", _) where site.audience == .agent: return try await self.enroll(request, signedIn)
        case ("/confirm", _): return try await self.confirm(request, signedIn)
        case ("/account", false) where site.audience == .agent:
            return self.render(
                "hub", request, current: "/account",
                ["heading": "Your account", "hub_tiles": PageContext.tiles(.account, request, signedIn)])
        case ("/admin", false) where site.audience == .agent:
            let tiles = PageContext.tiles(.admin, request, signedIn)
            guard !tiles.isEmpty else { return self.message(request, status: .forbidden, "Not allowed", "Administration is for admins.") }
            return self.render("hub", request, current: "/admin", ["heading": "Administration", "hub_tiles": tiles])
        case ("/password", _): return try await self.password(request, signedIn)
        case ("/sessions", false): return try await self.sessions(request, signedIn)
        case ("/sessions/end", true): return try await self.endSession(request, signedIn)
        case ("/sessions/end-others", true): return try await self.endOtherSessions(request, signedIn)
        case ("/api-keys", _) where site.audience == .agent: return try await self.apiKeys(request, signedIn, .own)
        case ("/api-keys/revoke", true) where site.audience == .agent: return try await self.revokeKey(request, signedIn, .own)
        case ("/admin/api-keys", _) where site.audience == .agent: return try await self.apiKeys(request, signedIn, .everyAgent)
        case ("/admin/api-keys/revoke", true) where site.audience == .agent:
            return try await self.revokeKey(request, signedIn, .everyAgent)
        case ("/admin/security", _) where site.audience == .agent: return try await self.security(request, signedIn)
        case ("/admin/agents/action", true) where site.audience == .agent: return try await self.agentAction(request, signedIn)
        case ("/admin/unlock-addresses", true) where site.audience == .agent: return try await self.unlockAddresses(request, signedIn)
        case ("/admin/occasional", true) where site.audience == .agent: return try await self.inviteOccasional(request, signedIn)
        case ("/tickets", false) where site.audience == .agent: return try await self.tickets(request, signedIn)
        case ("/contacts", false) where site.audience == .agent: return try await self.contacts(request, signedIn)
        case ("/companies", false) where site.audience == .agent: return try await self.companies(request, signedIn)
        case ("/contacts/export", _) where site.audience == .agent: return try await self.exportRecords(request, signedIn, .contacts)
        case ("/tickets/export", _) where site.audience == .agent: return try await self.exportRecords(request, signedIn, .tickets)
        case ("/companies/create", true) where site.audience == .agent:
            return try await self.companyAction(request, signedIn, id: nil, action: "create")
        case ("/admin/portal", _) where site.audience == .agent: return try await self.portalSettings(request, signedIn)
        case ("/admin/portal/logo", true) where site.audience == .agent: return try await self.portalLogo(request, signedIn, remove: false)
        case ("/admin/portal/logo/remove", true) where site.audience == .agent:
            return try await self.portalLogo(request, signedIn, remove: true)
        case ("/admin/audit", false) where site.audience == .agent: return try await self.auditLog(request, signedIn)
        case ("/admin/audit/verify", true) where site.audience == .agent: return try await self.verifyAuditChain(request, signedIn)
        case ("/admin/audit/export", false) where site.audience == .agent: return try await self.exportAuditLog(request, signedIn)
        case ("/admin/domains", false) where site.audience == .agent: return try await self.domains(request, signedIn)
        case ("/admin/agents", false) where site.audience == .agent: return try await self.agents(request, signedIn)
        case ("/admin/keys", false) where site.audience == .agent: return try await self.keys(request, signedIn)
        case ("/admin/retention", _) where site.audience == .agent: return try await self.retention(request, signedIn)
        case ("/admin/canned", false) where site.audience == .agent: return try await self.canned(request, signedIn)
        case ("/admin/canned/folder", true) where site.audience == .agent: return try await self.cannedAction(request, signedIn, "folder")
        case ("/admin/canned/response", true) where site.audience == .agent:
            return try await self.cannedAction(request, signedIn, "response")
        case ("/admin/canned/delete", true) where site.audience == .agent: return try await self.cannedAction(request, signedIn, "delete")
        case ("/admin/automation", false) where site.audience == .agent: return try await self.automation(request, signedIn)
        case (let path, true) where site.audience == .agent && path.hasPrefix("/admin/automation/"):
            return try await self.automationAction(request, signedIn, String(path.dropFirst("/admin/automation/".count)))
        case ("/admin/solutions", false) where site.audience == .agent: return try await self.solutions(request, signedIn)
        case ("/admin/solutions/category", true) where site.audience == .agent:
            return try await self.solutionsAction(request, signedIn, "category")
        case ("/admin/solutions/folder", true) where site.audience == .agent:
            return try await self.solutionsAction(request, signedIn, "folder")
        case ("/admin/solutions/article", true) where site.audience == .agent:
            return try await self.solutionsAction(request, signedIn, "article")
        case ("/admin/solutions/delete", true) where site.audience == .agent:
            return try await self.solutionsAction(request, signedIn, "delete")
        case ("/admin/sla", false) where site.audience == .agent: return try await self.sla(request, signedIn)
        case ("/admin/sla/hours", true) where site.audience == .agent: return try await self.slaAction(request, signedIn, "hours")
        case ("/admin/sla/hours-delete", true) where site.audience == .agent:
            return try await self.slaAction(request, signedIn, "hours-delete")
        case ("/admin/sla/policy", true) where site.audience == .agent: return try await self.slaAction(request, signedIn, "policy")
        case ("/admin/sla/policy-delete", true) where site.audience == .agent:
            return try await self.slaAction(request, signedIn, "policy-delete")
        case ("/admin/mail", false) where site.audience == .agent: return try await self.mail(request, signedIn)
        case ("/admin/mail/add", true) where site.audience == .agent: return try await self.mailAction(request, signedIn, "add")
        case ("/admin/mail/remove", true) where site.audience == .agent: return try await self.mailAction(request, signedIn, "remove")
        case ("/admin/mail/sending", true) where site.audience == .agent: return try await self.mailAction(request, signedIn, "sending")
        case ("/admin/mail/relay-token", true) where site.audience == .agent:
            return try await self.mailAction(request, signedIn, "relay-token")
        case ("/admin/keys/rotate", true) where site.audience == .agent: return try await self.rotateKeys(request, signedIn)
        case ("/admin/agents/invite", true) where site.audience == .agent:
            return try await self.agentsAction(request, signedIn, action: "invite")
        case ("/admin/agents/role", true) where site.audience == .agent:
            return try await self.agentsAction(request, signedIn, action: "role")
        case ("/admin/agents/remove", true) where site.audience == .agent:
            return try await self.agentsAction(request, signedIn, action: "remove")
        case ("/admin/domains/add", true) where site.audience == .agent:
            return try await self.domainAction(request, signedIn, id: nil, action: "add")
        case ("/tickets", false) where site.audience == .contact: return try await self.portalTickets(request, signedIn)
        case ("/privacy", _) where site.audience == .contact: return try await self.portalPrivacy(request, signedIn)
        default:
            if !request.isPost, let (id, action) = Self.recordPath(request.path, "files"), action == nil {
                return try await self.fileDownload(request, signedIn, id: AttachmentID(id))
            }
            if site.audience == .contact, let (id, action) = Self.recordPath(request.path, "tickets") {
                if action == nil, !request.isPost { return try await self.portalTicket(request, signedIn, id: TicketID(id)) }
                if action == "reply", request.isPost { return try await self.portalReply(request, signedIn, id: TicketID(id)) }
                if action == "rate", request.isPost { return try await self.portalRate(request, signedIn, id: TicketID(id)) }
            }
            if site.audience == .agent, let (id, action) = Self.recordPath(request.path, "tickets") {
                if let action, request.isPost { return try await self.ticketAction(request, signedIn, id: TicketID(id), action: action) }
                if action == nil, !request.isPost { return try await self.ticket(request, signedIn, id: TicketID(id)) }
            }
            if site.audience == .agent, request.isPost, request.path.hasPrefix("/admin/"),
                let (id, action) = Self.recordPath(String(request.path.dropFirst("/admin".count)), "domains"), let action
            {
                return try await self.domainAction(request, signedIn, id: id, action: action)
            }
            if site.audience == .agent, !request.isPost, let (id, action) = Self.exportPath(request.path) {
                if action == nil { return try await self.exportPage(request, signedIn, id: id) }
                if action == "download" { return try await self.exportDownload(request, signedIn, id: id) }
            }
            if site.audience == .agent, let (id, action) = Self.recordPath(request.path, "companies") {
                if let action { return try await self.companyAction(request, signedIn, id: CompanyID(id), action: action) }
                if !request.isPost { return try await self.company(request, signedIn, id: CompanyID(id)) }
            }
            if site.audience == .agent, let (id, action) = Self.recordPath(request.path, "contacts") {
                if let action { return try await self.contactAction(request, signedIn, id: UserID(id), action: action) }
                if !request.isPost { return try await self.contact(request, signedIn, id: UserID(id)) }
            }
            return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
        }
    }

    /// `/{collection}/{id}` and `/{collection}/{id}/{action}`.
    static func recordPath(_ path: String, _ collection: String) -> (Int64, String?)? {
        let parts = path.split(separator: "/")
        guard (2...3).contains(parts.count), parts[0] == collection, let id = Int64(parts[1]), id > 0 else { return nil }
        return (id, parts.count == 3 ? String(parts[2]) : nil)
    }

    // MARK: - Rendering

    func render(
        _ template: String, _ request: WebRequest, current: String? = nil, error: String? = nil, notice: String? = nil,
        status: HTTPResponse.Status = .ok, _ values: [String: Any] = [:]
    ) -> WebResponse {
        var context = PageContext.make(request, current: current, error: error, notice: notice ?? Self.notice(request.query["notice"]))
        context.merge(values) { _, new in new }
        return .page(self.pages.render(template, context), status: status)
    }

    func message(_ request: WebRequest, status: HTTPResponse.Status, _ heading: String, _ text: String) -> WebResponse {
        self.render(
            "message", request, status: status, ["heading": heading, "text": text, "link": ["href": request.site.home, "label": "Home"]])
    }

    /// Notices named in a redirect's query: fixed texts, so nothing a link carries is echoed into the page.
    static func notice(_ name: String?) -> String? {
        switch name {
        case "signed-out": return "You are signed out."
        case "password-set": return "Your password is set. Sign in with it."
        case "password-changed": return "Your password is changed. Your other sessions have ended."
        case "sessions-ended": return "Your other sessions have ended."
        case "posted": return "Your reply is posted."
        case "session-ended": return "That session has ended."
        case "two-factor-on": return "Two-step verification is on."
        case "confirmed": return "Thank you. You can go ahead for the next five minutes."
        case "policy-saved": return "The security policy is saved."
        case "done": return "Done."
        case "key-revoked": return "The key is revoked."
        case "address-added": return "The address is added: mail to it now opens tickets here."
        case "address-removed": return "The address is removed."
        case "sending-saved": return "Sending settings saved: the next mail goes out this way."
        case "erased": return "The contact, their tickets and their key are gone for good."
        case "ticket-opened": return "Thank you. Your ticket is open; we will answer here and by e-mail."
        case "sign-in-to-write": return "Sign in to open a ticket."
        case "portal-saved": return "The portal settings are saved."
        case "logo-saved": return "The logo is saved; the portal shows it now."
        case "logo-removed": return "The logo is removed."
        case "company-deleted": return "The company is in Deleted companies; its contacts and tickets stay, without it."
        case "company-restored": return "The company is back, with the contacts and tickets it had that have no other company now."
        case "company-purged": return "The company is deleted forever."
        case "domain-added": return "The domain is added. Publish its CNAME record; the certificate follows by itself."
        case "domain-removed": return "The domain is removed; its certificate is no longer served."
        default: return nil
        }
    }

    /// A page whose forms are used before sign-in: it carries the form cookie's token (set here when missing).
    func withFormToken(_ request: WebRequest, _ render: (WebRequest) -> WebResponse) -> WebResponse {
        guard request.formToken() == nil else { return render(request) }
        let token = SecretTokens.generate(using: self.helpdesk.store.random)
        var response = render(request.withFormToken(token))
        response.setCookie(Cookies.set(Site.formCookie, token))
        return response
    }

    /// Field problems as one sentence for the page's error box; customers' forms name the problem only (their
    /// messages say which field), agents' forms the field too.
    static func describe(_ problems: [FieldError], naming: Bool = true) -> String {
        // The record-changed problem is a sentence of its own.
        let naming = naming && !problems.allSatisfy { $0.field == "version" }
        return naming
            ? problems.map { "\($0.field.replacingOccurrences(of: "_", with: " ")): \($0.message)" }.joined(separator: "; ")
            : problems.map { $0.message.hasSuffix(".") ? $0.message : $0.message + "." }.joined(separator: " ")
    }

    /// Sensitive pages need the password or a code from the last five minutes; otherwise the confirm page, which
    /// comes back here.
    func requireRecentAuthentication(_ request: WebRequest, _ signedIn: SignedIn, returnTo: String) -> WebResponse? {
        guard !signedIn.recentlyAuthenticated(at: self.now) else { return nil }
        return .redirect(request.site.prefix + "/confirm?next=" + Self.percentEncode(returnTo))
    }

    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || "-_.~/".utf8.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    /// Template values without the missing ones: a nil in a template's context would render as the text "nil"
    /// and count as present in a section.
    static func present(_ values: [String: Any?]) -> [String: Any] {
        values.compactMapValues { $0 }
    }

    static func date(_ time: Timestamp?) -> String {
        guard let time else { return "—" }
        let iso = time.iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
