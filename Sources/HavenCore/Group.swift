public struct AgentGroup: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: GroupID
    public var name: String
    public var description: String?
    public var escalateTo: UserID?
    public var unassignedFor: String?
    public var businessHourID: Int64?
    public var autoTicketAssign: Int64 = 0
    public var agentIDs: [UserID] = []
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: GroupID, name: String, createdAt: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    public static let autoAssignValues: [Int64] = [0, 1, 2, 3, 12]
    public static let unassignedForValues = ["30m", "1h", "2h", "4h", "8h", "12h", "1d", "2d", "3d"]
}

public struct Role: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: RoleID
    public var key: AgentRole
    public var name: String
    public var description: String
    public var isDefault: Bool
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        tenantID: TenantID,
        id: RoleID,
        key: AgentRole,
        name: String,
        description: String,
        isDefault: Bool,
        createdAt: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.key = key
        self.name = name
        self.description = description
        self.isDefault = isDefault
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
