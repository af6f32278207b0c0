/// A category of the community forums (Freshdesk's `discussions/categories`).
public struct ForumCategory: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: ForumCategoryID
    public var name: String
    public var description: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: ForumCategoryID, name: String, description: String?, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.description = description
        self.createdAt = now
        self.updatedAt = now
    }
}
