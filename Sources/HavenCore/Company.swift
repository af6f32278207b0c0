public struct Company: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: CompanyID
    public var name: String
    public var description: String?
    public var note: String?
    public var domains: [String] = []
    public var customFields = JSONObject()
    public var healthScore: String?
    public var accountTier: String?
    public var renewalDate: Timestamp?
    public var industry: String?
    public var createdAt: Timestamp
    /// Set when the sealed columns could not be opened (erased or damaged); they are then empty, never guessed.
    public var unreadable: Unreadable?
    public var updatedAt: Timestamp
    /// When it went to "Deleted companies"; nil for a live company. Only the console's trash pages see such a company.
    public var deletedAt: Timestamp?

    public init(tenantID: TenantID, id: CompanyID, name: String, createdAt: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
