public import HavenCore
public import HavenStore

/// Who performs an operation, resolved once by the channel that received it (the API from an API key, the CLI from
/// the command, a job from its name). Every use case takes one, authorizes it, and records it in the audit entry.
public struct Principal: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An agent of the tenant, by the API key they used (nil where no key was involved).
        case agent(UserID, role: AgentRole, apiKey: APIKeyID?)
        /// An operator of the deployment at the command line, by the command they ran.
        case cliOperator(command: String)
        /// A background job of Haven itself, by name.
        case job(String)
        /// A customer signed in to the portal, acting on their own account and tickets.
        case contact(UserID)
    }

    public let tenant: TenantID
    public let kind: Kind
    /// The client's address (API requests); sealed into audit entries, never logged.
    public let sourceIP: String?

    public init(tenant: TenantID, kind: Kind, sourceIP: String? = nil) {
        self.tenant = tenant
        self.kind = kind
        self.sourceIP = sourceIP
    }

    public static func agent(
        _ id: UserID,
        role: AgentRole,
        apiKey: APIKeyID?,
        tenant: TenantID,
        sourceIP: String? = nil
    ) -> Principal {
        Principal(tenant: tenant, kind: .agent(id, role: role, apiKey: apiKey), sourceIP: sourceIP)
    }

    public static func cliOperator(_ command: String, tenant: TenantID) -> Principal {
        Principal(tenant: tenant, kind: .cliOperator(command: command))
    }

    public static func job(_ name: String, tenant: TenantID) -> Principal {
        Principal(tenant: tenant, kind: .job(name))
    }

    /// The agent acting, if an agent acts.
    public var agentID: UserID? {
        guard case .agent(let id, _, _) = self.kind else { return nil }
        return id
    }

    /// How the audit log names this principal.
    public var auditActor: AuditActor {
        switch self.kind {
        case .agent(let id, _, let key): return .agent(id, apiKey: key)
        case .cliOperator(let command): return .cli(command)
        case .job(let name): return .system(name)
        case .contact(let id): return .contact(id)
        }
    }

    /// Deny by default: throws `accessDenied` unless `AccessPolicy` grants the permission to this principal.
    public func require(_ permission: Permission) throws {
        guard self.allows(permission) else { throw HavenError.accessDenied }
    }

    public func allows(_ permission: Permission) -> Bool { AccessPolicy.allows(self.kind, permission) }
}
