public import HavenCore
import HavenCrypto

/// The community forums per tenant: categories and forums in clear, topics' titles and posts' bodies sealed under
/// their author's key (an erased author's topics and posts read as nil).
public protocol DiscussionRepository: Sendable {
    func insert(_ category: ForumCategory, on sql: SQLExecutor) async throws
    func update(_ category: ForumCategory, on sql: SQLExecutor) async throws
    /// Deletes the category with its forums, their topics and posts.
    func delete(_ tenant: TenantID, _ id: ForumCategoryID, on sql: SQLExecutor) async throws
    func category(_ tenant: TenantID, _ id: ForumCategoryID, on sql: SQLExecutor) async throws -> ForumCategory?
    func category(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> ForumCategoryID?
    func categories(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [ForumCategory]

    func insert(_ forum: Forum, on sql: SQLExecutor) async throws
    func update(_ forum: Forum, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: ForumID, on sql: SQLExecutor) async throws
    /// Every forum with its counts, by position then name.
    func forums(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Forum]

    func insert(_ topic: Topic, on sql: SQLExecutor) async throws
    func update(_ topic: Topic, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: TopicID, on sql: SQLExecutor) async throws
    func topic(_ tenant: TenantID, _ id: TopicID, on sql: SQLExecutor) async throws -> Topic?
    /// A forum's topics, sticky ones first, then by latest activity.
    func topics(_ tenant: TenantID, forum: ForumID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Topic>
    func countHit(_ tenant: TenantID, _ id: TopicID, on sql: SQLExecutor) async throws

    func insert(_ post: Post, on sql: SQLExecutor) async throws
    func update(_ post: Post, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: PostID, on sql: SQLExecutor) async throws
    func post(_ tenant: TenantID, _ id: PostID, on sql: SQLExecutor) async throws -> Post?
    /// A topic's posts, oldest (the topic's message) first.
    func posts(_ tenant: TenantID, topic: TopicID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Post>
    /// Each topic's message (its first post), in one query for a page of topics.
    func messages(_ tenant: TenantID, topics: [TopicID], on sql: SQLExecutor) async throws -> [TopicID: Post]
    /// What a person wrote: their topics and posts (a data-subject package).
    func authored(_ tenant: TenantID, by user: UserID, on sql: SQLExecutor) async throws -> (topics: [Topic], posts: [Post])
}

public struct SQLiteDiscussionRepository: DiscussionRepository {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    let categoryRows = CategoryTable<ForumCategoryKind>(table: "forum_categories")

    public func insert(_ category: ForumCategory, on sql: SQLExecutor) async throws {
        try await self.categoryRows.insert(category, on: sql)
    }

    public func update(_ category: ForumCategory, on sql: SQLExecutor) async throws {
        try await self.categoryRows.update(category, on: sql)
    }

    public func delete(_ tenant: TenantID, _ id: ForumCategoryID, on sql: SQLExecutor) async throws {
        try await self.categoryRows.delete(tenant, id, on: sql)
    }

    public func category(_ tenant: TenantID, _ id: ForumCategoryID, on sql: SQLExecutor) async throws -> ForumCategory? {
        try await self.categoryRows.find(tenant, id, on: sql)
    }

    public func category(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> ForumCategoryID? {
        try await self.categoryRows.id(named: name, tenant, on: sql)
    }

    public func categories(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [ForumCategory] {
        try await self.categoryRows.all(tenant, on: sql)
    }

    public func insert(_ forum: Forum, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO forums (tenant_id, id, category_id, name, description, forum_type, visibility, company_ids, position,
                created_at, updated_at)
            VALUES (\(forum.tenantID), \(forum.id), \(forum.categoryID), \(forum.name), \(forum.description), \(forum.type.rawValue),
                \(forum.visibility.rawValue), \(DBValue.jsonIDs(forum.companyIDs)), \(forum.position), \(forum.createdAt), \(forum.updatedAt))
            """
        )
    }

    public func update(_ forum: Forum, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE forums SET category_id = \(forum.categoryID), name = \(forum.name), description = \(forum.description),
                forum_type = \(forum.type.rawValue), visibility = \(forum.visibility.rawValue),
                company_ids = \(DBValue.jsonIDs(forum.companyIDs)), position = \(forum.position), updated_at = \(forum.updatedAt)
            WHERE tenant_id = \(forum.tenantID) AND id = \(forum.id)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: ForumID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM forums WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func forums(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Forum] {
        let rows = try await sql.all(
            """
            SELECT f.*,
                (SELECT count(*) FROM forum_topics t WHERE t.tenant_id = f.tenant_id AND t.forum_id = f.id) AS topics,
                (SELECT count(*) FROM forum_posts p WHERE p.tenant_id = f.tenant_id AND p.forum_id = f.id) AS posts
            FROM forums f WHERE f.tenant_id = \(tenant) ORDER BY f.position, f.name, f.id
            """
        )
        return try rows.map { row in
            var forum = Forum(
                tenantID: tenant, id: try row.id("id"), categoryID: try row.id("category_id"), name: try row.string("name"),
                description: try row.optionalString("description"), type: Forum.Kind(rawValue: try row.int("forum_type")) ?? .questions,
                visibility: FolderVisibility(rawValue: try row.int("visibility")) ?? .agents, companyIDs: try row.idList("company_ids"),
                position: try row.int("position"), at: try row.timestamp("created_at"))
            forum.updatedAt = try row.timestamp("updated_at")
            forum.topicsCount = try row.int("topics")
            forum.postsCount = try row.int("posts")
            return forum
        }
    }

    public func insert(_ topic: Topic, on sql: SQLExecutor) async throws {
        let sealer = try await self.keys.sealer(topic.tenantID, .subject(topic.userID.rawValue), create: true, on: sql)
        try await sql.execute(
            """
            INSERT INTO forum_topics (tenant_id, id, forum_id, user_id, title, sticky, locked, hits, replied_at, replied_by, created_at,
                updated_at)
            VALUES (\(topic.tenantID), \(topic.id), \(topic.forumID), \(topic.userID),
                \(try sealer.seal(topic.title ?? "", "forum_topics", "title", topic.id.rawValue)), \(topic.sticky), \(topic.locked),
                \(topic.hits), \(topic.repliedAt), \(topic.repliedBy), \(topic.createdAt), \(topic.updatedAt))
            """
        )
    }

    /// Writes the topic's settings and activity; its title only when it opens (an erased author's stays as it is).
    public func update(_ topic: Topic, on sql: SQLExecutor) async throws {
        var statement: SQL = """
            UPDATE forum_topics SET forum_id = \(topic.forumID), sticky = \(topic.sticky), locked = \(topic.locked),
                replied_at = \(topic.repliedAt), replied_by = \(topic.repliedBy), updated_at = \(topic.updatedAt)
            """
        if let title = topic.title {
            let sealer = try await self.keys.sealer(topic.tenantID, .subject(topic.userID.rawValue), on: sql)
            statement.append(", title = \(try sealer.seal(title, "forum_topics", "title", topic.id.rawValue))")
        }
        statement.append(" WHERE tenant_id = \(topic.tenantID) AND id = \(topic.id)")
        try await sql.execute(statement)
        // Posts follow their topic when it moves to another forum.
        try await sql.execute(
            "UPDATE forum_posts SET forum_id = \(topic.forumID) WHERE tenant_id = \(topic.tenantID) AND topic_id = \(topic.id)")
    }

    public func delete(_ tenant: TenantID, _ id: TopicID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM forum_topics WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    static let topicColumns =
        "t.*, (SELECT count(*) FROM forum_posts p WHERE p.tenant_id = t.tenant_id AND p.topic_id = t.id) AS posts FROM forum_topics t"

    public func topic(_ tenant: TenantID, _ id: TopicID, on sql: SQLExecutor) async throws -> Topic? {
        let row = try await sql.first(SQL(raw: "SELECT \(Self.topicColumns)") + " WHERE t.tenant_id = \(tenant) AND t.id = \(id)")
        return try await self.decodeTopics([row].compactMap { $0 }, tenant, on: sql).first
    }

    public func topics(_ tenant: TenantID, forum: ForumID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Topic> {
        var statement = SQL(raw: "SELECT \(Self.topicColumns)") + " WHERE t.tenant_id = \(tenant) AND t.forum_id = \(forum)"
        statement.append(" ORDER BY t.sticky DESC, t.updated_at DESC, t.id DESC")
        statement.append(page.limitClause)
        let topics = try await self.decodeTopics(try await sql.all(statement), tenant, on: sql)
        return Page(items: Array(topics.prefix(page.perPage)), hasMore: topics.count > page.perPage)
    }

    public func countHit(_ tenant: TenantID, _ id: TopicID, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE forum_topics SET hits = hits + 1 WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    func decodeTopics(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [Topic] {
        func topic(_ row: Row, title: String?) throws -> Topic {
            var topic = Topic(
                tenantID: tenant, id: try row.id("id"), forumID: try row.id("forum_id"), userID: try row.id("user_id"), title: "",
                at: try row.timestamp("created_at"))
            topic.title = title
            topic.sticky = try row.bool("sticky")
            topic.locked = try row.bool("locked")
            topic.hits = try row.int("hits")
            topic.postsCount = try row.int("posts")
            topic.repliedAt = try row.optionalTimestamp("replied_at")
            topic.repliedBy = try row.optionalID("replied_by")
            topic.updatedAt = try row.timestamp("updated_at")
            return topic
        }
        return try await self.keys.decode(
            rows, tenant, on: sql, scope: { .subject(try $0.int("user_id")) },
            { row, sealer in try topic(row, title: try sealer.open(row, "forum_topics", "title", try row.int("id"))) },
            unreadable: { row, _ in try topic(row, title: nil) })
    }

    public func insert(_ post: Post, on sql: SQLExecutor) async throws {
        let sealer = try await self.keys.sealer(post.tenantID, .subject(post.userID.rawValue), create: true, on: sql)
        try await sql.execute(
            """
            INSERT INTO forum_posts (tenant_id, id, topic_id, forum_id, user_id, body, answer, created_at, updated_at)
            VALUES (\(post.tenantID), \(post.id), \(post.topicID), \(post.forumID), \(post.userID),
                \(try sealer.seal(post.bodyHTML ?? "", "forum_posts", "body", post.id.rawValue)), \(post.answer), \(post.createdAt),
                \(post.updatedAt))
            """
        )
    }

    public func update(_ post: Post, on sql: SQLExecutor) async throws {
        var statement: SQL = "UPDATE forum_posts SET answer = \(post.answer), updated_at = \(post.updatedAt)"
        if let body = post.bodyHTML {
            let sealer = try await self.keys.sealer(post.tenantID, .subject(post.userID.rawValue), on: sql)
            statement.append(", body = \(try sealer.seal(body, "forum_posts", "body", post.id.rawValue))")
        }
        statement.append(" WHERE tenant_id = \(post.tenantID) AND id = \(post.id)")
        try await sql.execute(statement)
    }

    public func delete(_ tenant: TenantID, _ id: PostID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM forum_posts WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func post(_ tenant: TenantID, _ id: PostID, on sql: SQLExecutor) async throws -> Post? {
        let rows = try await sql.all("SELECT * FROM forum_posts WHERE tenant_id = \(tenant) AND id = \(id)")
        return try await self.decodePosts(rows, tenant, on: sql).first
    }

    public func posts(_ tenant: TenantID, topic: TopicID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Post> {
        var statement: SQL = "SELECT * FROM forum_posts WHERE tenant_id = \(tenant) AND topic_id = \(topic) ORDER BY id"
        statement.append(page.limitClause)
        let posts = try await self.decodePosts(try await sql.all(statement), tenant, on: sql)
        return Page(items: Array(posts.prefix(page.perPage)), hasMore: posts.count > page.perPage)
    }

    public func messages(_ tenant: TenantID, topics: [TopicID], on sql: SQLExecutor) async throws -> [TopicID: Post] {
        guard !topics.isEmpty else { return [:] }
        let rows = try await sql.all(
            """
            SELECT * FROM forum_posts WHERE tenant_id = \(tenant) AND id IN (
                SELECT min(id) FROM forum_posts WHERE tenant_id = \(tenant)
                AND topic_id IN \(sql.jsonElements(.bind(.jsonIDs(topics)), integers: true)) GROUP BY topic_id)
            """
        )
        let posts = try await self.decodePosts(rows, tenant, on: sql)
        return Dictionary(posts.map { ($0.topicID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func authored(_ tenant: TenantID, by user: UserID, on sql: SQLExecutor) async throws -> (topics: [Topic], posts: [Post]) {
        let topics = try await self.decodeTopics(
            try await sql.all(
                SQL(raw: "SELECT \(Self.topicColumns)") + " WHERE t.tenant_id = \(tenant) AND t.user_id = \(user) ORDER BY t.id"),
            tenant, on: sql)
        let posts = try await self.decodePosts(
            try await sql.all("SELECT * FROM forum_posts WHERE tenant_id = \(tenant) AND user_id = \(user) ORDER BY id"), tenant, on: sql)
        return (topics, posts)
    }

    func decodePosts(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [Post] {
        func post(_ row: Row, body: String?) throws -> Post {
            var post = Post(
                tenantID: tenant, id: try row.id("id"), topicID: try row.id("topic_id"), forumID: try row.id("forum_id"),
                userID: try row.id("user_id"), bodyHTML: "", at: try row.timestamp("created_at"))
            post.bodyHTML = body
            post.answer = try row.bool("answer")
            post.updatedAt = try row.timestamp("updated_at")
            return post
        }
        return try await self.keys.decode(
            rows, tenant, on: sql, scope: { .subject(try $0.int("user_id")) },
            { row, sealer in try post(row, body: try sealer.open(row, "forum_posts", "body", try row.int("id"))) },
            unreadable: { row, _ in try post(row, body: nil) })
    }
}
