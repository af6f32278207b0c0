/// The agent side of a user: the role and working settings. Its id is its contact's id.
public struct Agent: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: UserID
    public var role: AgentRole
    public var occasional = false
    public var signature: String?
    public var ticketScope: Int64 = 1
    public var type = "support_agent"
    public var available = true
    public var availableSince: Timestamp?
    public var focusMode = true
    public var lastActiveAt: Timestamp?
    public var groupIDs: [GroupID] = []
    public var skillIDs: [SkillID] = []
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: UserID, role: AgentRole, createdAt: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.role = role
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    public static let ticketScopes: [Int64] = [1, 2, 3]
    public static let types = ["support_agent", "field_agent", "collaborator"]
}

/// An agent with its user record, as the API shows it.
public struct AgentProfile: Sendable, Equatable {
    public var agent: Agent
    public var contact: Contact

    public init(agent: Agent, contact: Contact) {
        self.agent = agent
        self.contact = contact
    }
}
