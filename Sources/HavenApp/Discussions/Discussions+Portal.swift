public import HavenCore
public import HavenStore

/// The forums as the portal shows them, when the tenant turns them on (`PortalSettings.community`): the forums this
/// reader may open (the knowledge base's visibility rules), their topics and posts with their authors' names; signed-in
/// customers open topics (not in announcement forums) and reply (not in locked topics). Anything else — forums off, a
/// forum closed to the reader — answers as if it did not exist.
extension Discussions {
    public struct Board: Sendable {
        public var category: ForumCategory
        public var forums: [Forum]
    }

    public struct ForumPage: Sendable {
        public var category: ForumCategory
        public var forum: Forum
        public var topics: Page<Topic>
        /// Whether this reader may open a topic here.
        public var mayPost: Bool
    }

    public struct TopicPage: Sendable {
        public var category: ForumCategory
        public var forum: Forum
        public var topic: Topic
        public var posts: Page<Post>
        /// The authors' names (an erased author is missing).
        public var authors: [UserID: String]
        public var mayReply: Bool
    }

    /// The portal's forums, or nil when the tenant has not turned them on.
    public func boards(tenant: TenantID, contact: UserID?) async throws -> [Board]? {
        let store = self.helpdesk.store
        return try await store.read { sql in
            guard let forums = try await self.readable(tenant, contact, sql) else { return nil }
            return try await store.discussions.categories(tenant, on: sql).compactMap { category in
                let inside = forums.filter { $0.categoryID == category.id }
                return inside.isEmpty ? nil : Board(category: category, forums: inside)
            }
        }
    }

    public func forumPage(_ id: ForumID, page: PageRequest, tenant: TenantID, contact: UserID?) async throws -> ForumPage {
        let store = self.helpdesk.store
        return try await store.read { sql in
            guard let forums = try await self.readable(tenant, contact, sql), let forum = forums.first(where: { $0.id == id }),
                let category = try await store.discussions.category(tenant, forum.categoryID, on: sql)
            else { throw HavenError.notFound }
            return ForumPage(
                category: category, forum: forum, topics: try await store.discussions.topics(tenant, forum: id, page: page, on: sql),
                mayPost: contact != nil && forum.type != .announcements)
        }
    }

    /// A topic and a page of its posts; the reading is counted in its `hits`.
    public func topicPage(_ id: TopicID, page: PageRequest, tenant: TenantID, contact: UserID?) async throws -> TopicPage {
        let store = self.helpdesk.store
        return try await store.write { sql in
            guard let forums = try await self.readable(tenant, contact, sql),
                var topic = try await store.discussions.topic(tenant, id, on: sql),
                let forum = forums.first(where: { $0.id == topic.forumID }),
                let category = try await store.discussions.category(tenant, forum.categoryID, on: sql)
            else { throw HavenError.notFound }
            try await store.discussions.countHit(tenant, id, on: sql)
            topic.hits += 1
            let posts = try await store.discussions.posts(tenant, topic: id, page: page, on: sql)
            let people = try await store.contacts.find(tenant, ids: Array(Set(posts.items.map(\.userID) + [topic.userID])), on: sql)
            let authors = people.compactMapValues { $0.unreadable == nil ? $0.name : nil }
            return TopicPage(
                category: category, forum: forum, topic: topic, posts: posts, authors: authors, mayReply: contact != nil && !topic.locked)
        }
    }

    /// A signed-in customer opens a topic in a forum they may read (not an announcements forum).
    public func openAsCustomer(in forum: ForumID, title: String, messageHTML: String, by principal: Principal) async throws -> Topic {
        var changes = TopicChanges()
        changes.title = title
        changes.messageHTML = messageHTML
        let errors = Self.topicProblems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.customerChange(by: principal) { change, contact in
            guard let forums = try await self.readable(change.tenant, contact, change.sql),
                let target = forums.first(where: { $0.id == forum })
            else { throw HavenError.notFound }
            guard target.type != .announcements else { throw HavenError.accessDenied }
            return try await self.open(target, author: contact, changes, in: change)
        }
    }

    /// A signed-in customer replies in a topic of a forum they may read.
    public func replyAsCustomer(to topic: TopicID, bodyHTML: String, by principal: Principal) async throws -> Post {
        let errors = Self.bodyProblems(bodyHTML, field: "body")
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.customerChange(by: principal) { change, contact in
            guard let forums = try await self.readable(change.tenant, contact, change.sql),
                let existing = try await self.helpdesk.store.discussions.topic(change.tenant, topic, on: change.sql),
                forums.contains(where: { $0.id == existing.forumID })
            else { throw HavenError.notFound }
            return try await self.add(bodyHTML, to: existing, author: contact, in: change)
        }
    }

    /// The forums this reader may open, or nil when the portal does not show forums.
    private func readable(_ tenant: TenantID, _ contact: UserID?, _ sql: SQLExecutor) async throws -> [Forum]? {
        let store = self.helpdesk.store
        guard try await store.portal.settings(tenant, on: sql).community else { return nil }
        let reader = try await AudienceRules.reader(tenant, contact, store: store, on: sql)
        return try await store.discussions.forums(tenant, on: sql).filter { reader.mayRead($0.visibility, companies: $0.companyIDs) }
    }
}
