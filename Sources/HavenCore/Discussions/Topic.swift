/// A topic in a forum: its title (the author's words, sealed under their key) and its first post, the `message`.
/// Announcements are opened by agents only; a locked topic takes no more posts.
public struct Topic: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: TopicID
    public var forumID: ForumID
    public var userID: UserID
    /// nil when the author's key is erased (crypto-shredding) or the value does not open.
    public var title: String?
    public var sticky = false
    public var locked = false
    public var hits: Int64 = 0
    public var postsCount: Int64 = 0
    public var repliedAt: Timestamp?
    public var repliedBy: UserID?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: TopicID, forumID: ForumID, userID: UserID, title: String, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.forumID = forumID
        self.userID = userID
        self.title = title
        self.createdAt = now
        self.updatedAt = now
    }
}
