/// A named shelf of the team's content: a knowledge-base category (Freshdesk's `solutions/categories`) or a forum
/// category (`discussions/categories`) — the same fields, told apart by the kind of their id.
public struct ContentCategory<Kind>: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: Identifier<Kind>
    public var name: String
    public var description: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: Identifier<Kind>, name: String, description: String?, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.description = description
        self.createdAt = now
        self.updatedAt = now
    }
}

public typealias SolutionCategory = ContentCategory<SolutionCategoryKind>
public typealias ForumCategory = ContentCategory<ForumCategoryKind>
