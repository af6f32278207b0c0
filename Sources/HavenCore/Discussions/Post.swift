/// A post in a topic (Freshdesk's `comments`; a topic's first post is its `message`): the body sealed under the
/// author's key, so erasing the person erases what they wrote.
public struct Post: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: PostID
    public var topicID: TopicID
    public var forumID: ForumID
    public var userID: UserID
    /// HTML as written; nil when the author's key is erased. Shown only through `SafeHTML`.
    public var bodyHTML: String?
    /// Marked as the answer to a question.
    public var answer = false
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: PostID, topicID: TopicID, forumID: ForumID, userID: UserID, bodyHTML: String, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.topicID = topicID
        self.forumID = forumID
        self.userID = userID
        self.bodyHTML = bodyHTML
        self.createdAt = now
        self.updatedAt = now
    }

    public var bodyText: String? { self.bodyHTML.map { HTMLText.plainText(SafeHTML.sanitize($0)) } }
}
