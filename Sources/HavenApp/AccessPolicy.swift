public import HavenCore

/// What each kind of principal may do. Deny by default: a permission not listed for a principal is refused.
public enum AccessPolicy {
    /// An operator hosts the deployment: they administer accounts, agents, domains and keys from the command line,
    /// and never read or change a tenant's helpdesk content (tickets, contacts, conversations) — vendor access goes
    /// through an occasional agent the tenant invites.
    static let operatorPermissions: Set<Permission> = [
        .manageAgents, .manageDomains, .viewAccount, .viewAuditLog, .administerTenant, .manageSecurity,
    ]

    public static func allows(_ kind: Principal.Kind, _ permission: Permission) -> Bool {
        switch kind {
        case .agent(_, let role, _): return PermissionPolicy.allows(role, permission)
        case .cliOperator: return self.operatorPermissions.contains(permission)
        // Jobs run only what Haven itself scheduled (purges, bulk deletion a permitted agent requested).
        case .job: return true
        // A contact's own account is checked by the use cases that serve the portal; no helpdesk permission.
        case .contact: return false
        }
    }
}
