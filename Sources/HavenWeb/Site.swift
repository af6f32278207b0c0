import HavenCore

/// One of the two web audiences' sites on a tenant's host: the console for agents under /console, the portal for
/// contacts at the root (people.md §3). Each has its own cookie, allowlist and policy.
struct Site: Sendable {
    let audience: Audience
    let prefix: String
    let allowlist: SecurityPolicy.AllowlistScope
    let cookie: String
    let name: String

    static let console = Site(
        audience: .agent, prefix: "/console", allowlist: .console, cookie: "__Host-haven-console", name: "Console")
    static let portal = Site(audience: .contact, prefix: "", allowlist: .portal, cookie: "__Host-haven-portal", name: "Support")

    /// The cookie holding the token of forms shown before sign-in (sign-in, set-password), against login CSRF.
    static let formCookie = "__Host-haven-form"

    static func forPath(_ path: String) -> Site {
        path == "/console" || path.hasPrefix("/console/") ? .console : .portal
    }

    var home: String { self.prefix.isEmpty ? "/" : self.prefix }
}
