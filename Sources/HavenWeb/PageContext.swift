import HavenApp
import HavenCore
import HavenStore

/// The values every page shares: the tenant and site, the signed-in person, the navigation their role allows
/// (deny by default: an item appears only with its permission), the CSRF token, and a notice or error.
struct PageContext {
    /// Where an item lives: the bar (work), or behind the bar's "Account" and "Admin" hubs, so the bar stays one
    /// short line however much a role may do.
    enum Section: String {
        case main
        case account
        case admin
    }

    struct NavItem {
        let path: String
        let label: String
        let about: String
        /// nil: every signed-in person of the site.
        let permission: Permission?
        var section = Section.main
    }

    /// The hubs' own entries in the bar, shown when at least one of their items is allowed.
    static let hubs: [Section: NavItem] = [
        .account: NavItem(path: "/account", label: "Account", about: "Your password, sessions and keys", permission: nil),
        .admin: NavItem(path: "/admin", label: "Admin", about: "Security, portal, domains, audit log", permission: nil),
    ]

    static let consoleNavigation: [NavItem] = [
        NavItem(path: "/", label: "Home", about: "Start here", permission: nil),
        NavItem(path: "/tickets", label: "Tickets", about: "Your customers' requests", permission: .readHelpdesk),
        NavItem(path: "/contacts", label: "Contacts", about: "The people who write to you", permission: .readHelpdesk),
        NavItem(path: "/companies", label: "Companies", about: "The organisations they belong to", permission: .readHelpdesk),
        NavItem(path: "/sessions", label: "Sessions", about: "Where you are signed in", permission: nil, section: .account),
        NavItem(path: "/password", label: "Password", about: "Change your password", permission: nil, section: .account),
        NavItem(path: "/two-factor/enroll", label: "Two-step", about: "Your authenticator app", permission: nil, section: .account),
        NavItem(path: "/api-keys", label: "API keys", about: "Keys for your integrations", permission: .readHelpdesk, section: .account),
        NavItem(
            path: "/admin/agents", label: "Agents", about: "Who works here, and in which role", permission: .manageAgents, section: .admin),
        NavItem(
            path: "/admin/security", label: "Security", about: "Policies, allowlists, agents' access", permission: .manageSecurity,
            section: .admin),
        NavItem(path: "/admin/portal", label: "Portal", about: "Portal, consent text, widget", permission: .managePortal, section: .admin),
        NavItem(
            path: "/admin/mail", label: "E-mail", about: "Support addresses, DNS records, outgoing mail", permission: .manageDomains,
            section: .admin),
        NavItem(
            path: "/admin/domains", label: "Domains", about: "Your own domain for the portal", permission: .manageDomains, section: .admin),
        NavItem(
            path: "/admin/api-keys", label: "API keys", about: "Every agent's keys: make, revoke", permission: .manageSecurity,
            section: .admin),
        NavItem(path: "/admin/keys", label: "Encryption", about: "Key status and rotation", permission: .manageSecurity, section: .admin),
        NavItem(
            path: "/admin/canned", label: "Canned responses", about: "Replies your team starts from",
            permission: .manageCannedResponses, section: .admin),
        NavItem(
            path: "/admin/automation", label: "Automation", about: "Scenarios, skill routing, satisfaction surveys",
            permission: .manageScenarios, section: .admin),
        NavItem(
            path: "/admin/solutions", label: "Knowledge base", about: "Help articles for the portal", permission: .manageSolutions,
            section: .admin),
        NavItem(
            path: "/admin/sla", label: "SLA", about: "Business hours, targets, escalation", permission: .manageSLAPolicies, section: .admin),
        NavItem(
            path: "/admin/retention", label: "Retention", about: "Delete old tickets and idle contacts, with receipts",
            permission: .manageSecurity, section: .admin),
        NavItem(path: "/admin/audit", label: "Audit log", about: "Every change, verifiable", permission: .viewAuditLog, section: .admin),
    ]

    static let portalNavigation: [NavItem] = [
        NavItem(path: "/", label: "Home", about: "Start here", permission: nil),
        NavItem(path: "/help", label: "Help", about: "Answers to common questions", permission: nil),
        NavItem(path: "/community", label: "Community", about: "Questions and ideas, with other customers", permission: nil),
        NavItem(path: "/tickets/new", label: "New ticket", about: "Tell us what you need", permission: nil),
        NavItem(path: "/tickets", label: "My tickets", about: "Your requests and our answers", permission: nil),
        NavItem(path: "/privacy", label: "Privacy", about: "Your consent, and withdrawing it", permission: nil),
        NavItem(path: "/sessions", label: "Sessions", about: "Where you are signed in", permission: nil),
        NavItem(path: "/password", label: "Password", about: "Change your password", permission: nil),
    ]

    static func make(_ request: WebRequest, current: String? = nil, error: String? = nil, notice: String? = nil) -> [String: Any] {
        var context: [String: Any] = [
            "tenant_name": request.portalName ?? request.tenant.name,
            "site_name": request.portalName == nil ? request.site.name : "",
            "prefix": request.site.prefix,
            "site_prefix": request.site.prefix,
            "home": request.site.home,
            "portal": request.site.audience == .contact,
        ]
        if let token = request.formToken() {
            context["csrf"] = token
            context["form_token"] = token
        }
        if request.site.audience == .contact, let logo = request.portalLogo { context["logo"] = "/logo?v=" + logo }
        if let error { context["error"] = error }
        if let notice { context["notice"] = notice }
        if let signedIn = request.signedIn, signedIn.session.stage == .complete {
            context["person"] = signedIn.person.name
            let allowed = self.allowed(request, signedIn)
            let currentSection =
                allowed.first { $0.path == current }?.section ?? (current == "/admin" ? .admin : current == "/account" ? .account : .main)
            var bar = allowed.filter { $0.section == .main }
            for section in [Section.account, .admin] where allowed.contains(where: { $0.section == section }) {
                if let hub = self.hubs[section] { bar.append(hub) }
            }
            context["nav"] = bar.map { item in
                self.entry(
                    item, request, current: item.path == current || (item.section == .main && self.hubs[currentSection]?.path == item.path))
            }
            // Every page the person may open, for the home page's tiles.
            context["tiles"] = allowed.filter { $0.path != "/" }.map { self.entry($0, request, current: false) }
        } else {
            context["narrow"] = true
            // A visitor of the portal sees the way in: a new ticket, or signing in.
            if request.site.audience == .contact, request.signedIn == nil { context["visitor_nav"] = true }
            context["community"] = request.portalCommunity
        }
        return context
    }

    /// The items `signedIn` may open (deny by default: an item with a permission needs the role to grant it).
    static func allowed(_ request: WebRequest, _ signedIn: SignedIn) -> [NavItem] {
        let items =
            request.site.audience == .agent
            ? self.consoleNavigation : self.portalNavigation.filter { $0.path != "/community" || request.portalCommunity }
        return items.filter { item in
            item.permission.map { permission in signedIn.role.map { PermissionPolicy.allows($0, permission) } ?? false } ?? true
        }
    }

    static func entry(_ item: NavItem, _ request: WebRequest, current: Bool) -> [String: Any] {
        [
            "href": request.site.prefix + (item.path == "/" && !request.site.prefix.isEmpty ? "" : item.path),
            "label": item.label, "about": item.about, "current": current,
        ]
    }

    /// The tiles of one hub (`/account`, `/admin`).
    static func tiles(_ section: Section, _ request: WebRequest, _ signedIn: SignedIn) -> [[String: Any]] {
        self.allowed(request, signedIn).filter { $0.section == section }.map { self.entry($0, request, current: false) }
    }
}
