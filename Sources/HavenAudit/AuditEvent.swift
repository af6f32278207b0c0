import HavenCore

/// Who made a change: an agent through the API (with the key used), a background job, or an operator at the CLI
/// (`cli`, with the command).
public enum AuditActor: Sendable, Equatable {
    case agent(UserID, apiKey: APIKeyID?)
    case system(String)
    case cli(String)

    var type: String {
        switch self {
        case .agent: return "agent"
        case .system: return "system"
        case .cli: return "operator"
        }
    }
}

/// One change to record. `details` (changed fields before/after, source IP) is sealed under the tenant's data key
/// before it is stored; action, actor ids and target stay clear for filtering and carry no personal data.
public struct AuditEvent: Sendable {
    public var tenant: TenantID
    public var occurredAt: Timestamp
    public var actor: AuditActor
    public var action: String
    public var targetType: String?
    public var targetID: String?
    public var details: JSONObject

    public init(
        tenant: TenantID,
        occurredAt: Timestamp,
        actor: AuditActor,
        action: String,
        targetType: String? = nil,
        targetID: String? = nil,
        details: JSONObject = JSONObject()
    ) {
        self.tenant = tenant
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.details = details
    }
}
