public import HavenCore

/// Who made a change: an agent through the API (with the key used), a background job, an operator at the CLI
/// (`cli`, with the command), or — for security events — a caller who did not authenticate.
public enum AuditActor: Sendable, Equatable {
    case agent(UserID, apiKey: APIKeyID?)
    case system(String)
    case cli(String)
    /// A customer acting on their own account in the portal (signing in, changing their password).
    case contact(UserID)
    /// A caller who did not authenticate (failed API authentication).
    case anonymous

    public var type: String {
        switch self {
        case .agent: return "agent"
        case .system: return "system"
        case .cli: return "operator"
        case .anonymous: return "anonymous"
        case .contact: return "contact"
        }
    }
}

/// One change to record. `details` (changed fields before/after) and the source IP are sealed under the tenant's
/// data key before they are stored; action, actor ids and target stay clear for filtering and carry no personal
/// data.
public struct AuditEvent: Sendable {
    public var tenant: TenantID
    public var occurredAt: Timestamp
    public var actor: AuditActor
    public var action: String
    public var targetType: String?
    public var targetID: String?
    public var details: JSONObject
    /// The client's address for API requests; nil for jobs and the CLI.
    public var sourceIP: String?

    public init(
        tenant: TenantID,
        occurredAt: Timestamp,
        actor: AuditActor,
        action: String,
        targetType: String? = nil,
        targetID: String? = nil,
        details: JSONObject = JSONObject(),
        sourceIP: String? = nil
    ) {
        self.tenant = tenant
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.details = details
        self.sourceIP = sourceIP
    }
}

extension AuditEvent {
    public init(
        tenant: TenantID,
        occurredAt: Timestamp,
        actor: AuditActor,
        action: AuditAction,
        target: AuditTarget?,
        details: JSONObject = JSONObject(),
        sourceIP: String? = nil
    ) {
        self.init(
            tenant: tenant, occurredAt: occurredAt, actor: actor, action: action.rawValue, targetType: target?.type,
            targetID: target?.id, details: details, sourceIP: sourceIP)
    }
}
