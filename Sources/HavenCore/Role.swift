/// An agent's role. Each role grants a fixed set of permissions; anything not granted is denied.
public enum AgentRole: String, Sendable, CaseIterable {
    case admin
    case supervisor
    case agent

    public var displayName: String {
        switch self {
        case .admin: return "Administrator"
        case .supervisor: return "Supervisor"
        case .agent: return "Agent"
        }
    }

    public var roleDescription: String {
        switch self {
        case .admin: return "Has complete control over the help desk and the account"
        case .supervisor: return "Can manage companies, groups and trash in addition to agent tasks"
        case .agent: return "Can work on tickets, contacts and conversations"
        }
    }
}

/// What a route needs. Routes declare exactly one; `PermissionPolicy` decides.
public enum Permission: String, Sendable, CaseIterable {
    case readHelpdesk
    case workTickets
    case deleteTickets
    case manageContacts
    case deleteContacts
    case eraseContacts
    case manageCompanies
    case manageGroups
    case manageAgents
    case manageFields
    case viewAccount
    case manageDomains
    /// Reading the audit log (administrators only).
    case viewAuditLog
    /// Security policies, allowlists, other people's sessions, locks and second factors, API keys of others.
    case manageSecurity
    /// Exporting people's data in bulk (contacts to a file): administrators.
    case exportData
    /// The customer portal and widget: name, colours, consent text versions, widget origins.
    case managePortal
    /// Writing the team's canned responses and their folders: supervisors and administrators.
    case manageCannedResponses
    /// Writing the knowledge base (categories, folders, articles): supervisors and administrators.
    case manageSolutions
    /// The community forums: categories, forums, and moderating others' topics and posts (supervisors, admins).
    case manageDiscussions
    /// Writing scenario automations: supervisors and administrators (every agent runs them).
    case manageScenarios
    /// Satisfaction surveys: administrators.
    case manageSurveys
    /// Business hours and SLA policies: administrators.
    case manageSLAPolicies
    /// Seeing secure ticket fields' values (a card number a form asked for): supervisors and administrators.
    case viewSecureFields
    /// Suspending, reactivating and purging a whole tenant: the deployment's operators, never a tenant's agents.
    case administerTenant
}

/// Deny by default: a role is granted exactly the permissions listed for it here.
public enum PermissionPolicy {
    public static func permissions(for role: AgentRole) -> Set<Permission> {
        switch role {
        case .agent: return self.agent
        case .supervisor: return self.supervisor
        case .admin: return self.admin
        }
    }

    // Computed once: every request asks at least twice (the route, then the use case).
    private static let agent: Set<Permission> = [.readHelpdesk, .workTickets, .deleteTickets, .manageContacts]
    private static let supervisor = agent.union([
        .deleteContacts, .manageCompanies, .manageGroups, .viewSecureFields, .manageCannedResponses, .manageScenarios,
        .manageSolutions, .manageDiscussions,
    ])
    private static let admin = Set(Permission.allCases).subtracting([.administerTenant])

    public static func allows(_ role: AgentRole, _ permission: Permission) -> Bool {
        self.permissions(for: role).contains(permission)
    }
}
