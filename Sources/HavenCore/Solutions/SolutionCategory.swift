/// A knowledge-base category (Freshdesk's `solutions/categories`): the top shelf of the team's public articles.
public struct SolutionCategory: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: SolutionCategoryID
    public var name: String
    public var description: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: SolutionCategoryID, name: String, description: String?, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.description = description
        self.createdAt = now
        self.updatedAt = now
    }
}
