import HavenApp
import HavenCore
import HavenStore

/// The values every page shares: the tenant and site, the signed-in person, the navigation their role allows
/// (deny by default: an item appears only with its permission), the CSRF token, and a notice or error.
struct PageContext {
    struct NavItem {
        let path: String
        let label: String
        let about: String
        /// nil: every signed-in person of the site.
        let permission: Permission?
    }

    static let consoleNavigation: [NavItem] = [
        NavItem(path: "/", label: "Home", about: "Start here", permission: nil),
        NavItem(path: "/tickets", label: "Tickets", about: "Your customers' requests", permission: .readHelpdesk),
        NavItem(path: "/contacts", label: "Contacts", about: "The people who write to you", permission: .readHelpdesk),
        NavItem(path: "/sessions", label: "Sessions", about: "Where you are signed in", permission: nil),
        NavItem(path: "/password", label: "Password", about: "Change your password", permission: nil),
        NavItem(path: "/two-factor/enroll", label: "Two-step", about: "Your authenticator app", permission: nil),
        NavItem(path: "/api-keys", label: "API keys", about: "Keys for your integrations", permission: .readHelpdesk),
        NavItem(path: "/admin/security", label: "Security", about: "Policies, allowlists, agents' access", permission: .manageSecurity),
        NavItem(path: "/admin/portal", label: "Portal", about: "Portal, consent text, widget", permission: .managePortal),
        NavItem(path: "/admin/domains", label: "Domains", about: "Your own domain for the portal", permission: .manageDomains),
        NavItem(path: "/admin/audit", label: "Audit log", about: "Every change, verifiable", permission: .viewAuditLog),
    ]

    static let portalNavigation: [NavItem] = [
        NavItem(path: "/", label: "Home", about: "Start here", permission: nil),
        NavItem(path: "/tickets/new", label: "New ticket", about: "Tell us what you need", permission: nil),
        NavItem(path: "/tickets", label: "My tickets", about: "Your requests and our answers", permission: nil),
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
        if let error { context["error"] = error }
        if let notice { context["notice"] = notice }
        if let signedIn = request.signedIn, signedIn.session.stage == .complete {
            context["person"] = signedIn.person.name
            let items = request.site.audience == .agent ? self.consoleNavigation : self.portalNavigation
            context["nav"] = items.filter { item in
                item.permission.map { permission in signedIn.role.map { PermissionPolicy.allows($0, permission) } ?? false } ?? true
            }.map { item -> [String: Any] in
                [
                    "href": request.site.prefix + (item.path == "/" && !request.site.prefix.isEmpty ? "" : item.path),
                    "label": item.label, "about": item.about, "current": item.path == current,
                ]
            }
        } else {
            context["narrow"] = true
            // A visitor of the portal sees the way in: a new ticket, or signing in.
            if request.site.audience == .contact, request.signedIn == nil { context["visitor_nav"] = true }
        }
        return context
    }
}
