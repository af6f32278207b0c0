/// A forum in a category: its kind (questions, ideas, problems, announcements) and who reads it on the portal — the
/// same rules and codes as knowledge-base folders (`FolderVisibility`).
public struct Forum: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: ForumID
    public var categoryID: ForumCategoryID
    public var name: String
    public var description: String?
    public var type: Kind
    public var visibility: FolderVisibility
    public var companyIDs: [CompanyID]
    public var position: Int64
    public var topicsCount: Int64 = 0
    public var postsCount: Int64 = 0
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// Freshdesk's `forum_type`.
    public enum Kind: Int64, Sendable, CaseIterable {
        case questions = 1
        case ideas = 2
        case problems = 3
        case announcements = 4
    }

    public init(
        tenantID: TenantID, id: ForumID, categoryID: ForumCategoryID, name: String, description: String?, type: Kind,
        visibility: FolderVisibility, companyIDs: [CompanyID], position: Int64, at now: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.categoryID = categoryID
        self.name = name
        self.description = description
        self.type = type
        self.visibility = visibility
        self.companyIDs = companyIDs
        self.position = position
        self.createdAt = now
        self.updatedAt = now
    }
}
