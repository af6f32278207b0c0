public import HavenCore
public import HavenStore

/// The community forums (Freshdesk's `discussions`): categories, forums, topics and their posts. Agents read all of it
/// and post; supervisors and administrators shape it (categories, forums) and moderate (edit, lock, pin, delete
/// anyone's). Customers read and post on the portal (`Discussions+Portal`). Titles and bodies are sealed under their
/// author's key. Each change is one transaction with its audit entry.
public struct Discussions: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public struct ForumChanges: Sendable {
        public var name: String?
        public var description: String??
        public var type: Forum.Kind?
        public var visibility: FolderVisibility?
        public var companyIDs: [CompanyID]?
        public var position: Int64?
        public var categoryID: ForumCategoryID?

        public init() {}
    }

    public struct TopicChanges: Sendable {
        public var title: String?
        public var messageHTML: String?
        public var sticky: Bool?
        public var locked: Bool?
        public var forumID: ForumID?

        public init() {}
    }

    /// The largest post: a long answer, not a file.
    public static let maxPostBytes = 64 * 1024

    // MARK: Categories

    public func categories(by principal: Principal) async throws -> [ForumCategory] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.discussions.categories(principal.tenant, on: sql)
        }
    }

    public func category(_ id: ForumCategoryID, by principal: Principal) async throws -> ForumCategory {
        let store = self.helpdesk.store
        return try await self.helpdesk.find(by: principal) { sql in try await store.discussions.category(principal.tenant, id, on: sql) }
    }

    public func saveCategory(
        _ id: ForumCategoryID?, name: String?, description: String??, by principal: Principal
    ) async throws -> ForumCategory {
        let store = self.helpdesk.store
        var errors = SettingText.problems(name: name, description: description)
        if id == nil && name == nil { errors.insert(.missing("name"), at: 0) }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageDiscussions) { change in
            let name = name?.trimmingWhitespace()
            let existing = try await id.asyncMap { try await store.discussions.category(change.tenant, $0, on: change.sql) } ?? nil
            if id != nil && existing == nil { throw HavenError.notFound }
            if let name, let clash = try await store.discussions.category(named: name, change.tenant, on: change.sql), clash != id {
                throw SettingText.taken(by: clash.rawValue)
            }
            guard let id, var category = existing else {
                let category = ForumCategory(
                    tenantID: change.tenant, id: ForumCategoryID(try await IDSequences.next("forum_categories", on: change.sql)),
                    name: name!, description: description ?? nil, at: change.now)
                try await store.discussions.insert(category, on: change.sql)
                try await change.record(.forumCategoryCreated, .forumCategory(category.id), details: ["name": .string(category.name)])
                return category
            }
            let before = category
            if let name { category.name = name }
            if let description { category.description = description }
            category.updatedAt = change.now
            try await store.discussions.update(category, on: change.sql)
            let changed = [("name", before.name != category.name), ("description", before.description != category.description)]
                .filter(\.1).map(\.0)
            try await change.record(.forumCategoryUpdated, .forumCategory(id), details: ["changed": .strings(changed)])
            return category
        }
    }

    public func deleteCategory(_ id: ForumCategoryID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageDiscussions) { change in
            guard let category = try await store.discussions.category(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            let forums = try await store.discussions.forums(change.tenant, on: change.sql).filter { $0.categoryID == id }
            try await store.discussions.delete(change.tenant, id, on: change.sql)
            try await change.record(
                .forumCategoryDeleted, .forumCategory(id),
                details: [
                    "name": .string(category.name), "forums": .int(Int64(forums.count)),
                    "topics": .int(forums.reduce(0) { $0 + $1.topicsCount }),
                ])
        }
    }

    // MARK: Forums

    public func forums(in category: ForumCategoryID, by principal: Principal) async throws -> [Forum] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.discussions.category(principal.tenant, category, on: sql) != nil else { throw HavenError.notFound }
            return try await store.discussions.forums(principal.tenant, on: sql).filter { $0.categoryID == category }
        }
    }

    public func forum(_ id: ForumID, by principal: Principal) async throws -> Forum {
        let store = self.helpdesk.store
        return try await self.helpdesk.find(by: principal) { sql in
            try await store.discussions.forums(principal.tenant, on: sql).first { $0.id == id }
        }
    }

    /// Creates a forum in `category` (when `id` is nil) or changes forum `id`.
    public func saveForum(_ id: ForumID?, in category: ForumCategoryID?, _ changes: ForumChanges, by principal: Principal) async throws
        -> Forum
    {
        let store = self.helpdesk.store
        var errors = SettingText.problems(name: changes.name, description: changes.description)
        if id == nil && changes.name == nil { errors.insert(.missing("name"), at: 0) }
        if let position = changes.position, !(0...100_000).contains(position) {
            errors.append(.invalid("position", "It should be between 0 and 100,000"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageDiscussions) { change in
            let all = try await store.discussions.forums(change.tenant, on: change.sql)
            var forum: Forum
            if let id {
                guard let existing = all.first(where: { $0.id == id }) else { throw HavenError.notFound }
                forum = existing
            } else {
                guard let category, try await store.discussions.category(change.tenant, category, on: change.sql) != nil else {
                    throw HavenError.notFound
                }
                forum = Forum(
                    tenantID: change.tenant, id: ForumID(try await IDSequences.next("forums", on: change.sql)), categoryID: category,
                    name: "",
                    description: nil, type: .questions, visibility: .everyone, companyIDs: [],
                    position: (all.filter { $0.categoryID == category }.map(\.position).max() ?? 0) + 1, at: change.now)
            }
            let before = forum
            if let name = changes.name { forum.name = name.trimmingWhitespace() }
            if let description = changes.description { forum.description = description }
            if let type = changes.type { forum.type = type }
            if let visibility = changes.visibility {
                forum.visibility = visibility
                if visibility != .companies && changes.companyIDs == nil { forum.companyIDs = [] }
            }
            if let companies = changes.companyIDs { forum.companyIDs = companies }
            if let position = changes.position { forum.position = position }
            if let moved = changes.categoryID, moved != forum.categoryID {
                guard try await store.discussions.category(change.tenant, moved, on: change.sql) != nil else {
                    throw HavenError.validation([.invalid("forum_category_id", "There is no category \(moved)")])
                }
                forum.categoryID = moved
            }
            let audience = try await AudienceRules.problems(forum.visibility, forum.companyIDs, store: store, change: change)
            if !audience.isEmpty { throw HavenError.validation(audience) }
            if let clash = all.first(where: {
                $0.id != forum.id && $0.categoryID == forum.categoryID && $0.name.lowercased() == forum.name.lowercased()
            }) {
                throw SettingText.taken(by: clash.id.rawValue)
            }
            forum.updatedAt = change.now
            if id == nil {
                try await store.discussions.insert(forum, on: change.sql)
                try await change.record(
                    .forumCreated, .forum(forum.id),
                    details: ["name": .string(forum.name), "visibility": .int(forum.visibility.rawValue)])
            } else {
                try await store.discussions.update(forum, on: change.sql)
                let changed = [
                    ("name", before.name != forum.name), ("description", before.description != forum.description),
                    ("forum_type", before.type != forum.type), ("forum_visibility", before.visibility != forum.visibility),
                    ("company_ids", before.companyIDs != forum.companyIDs), ("position", before.position != forum.position),
                    ("forum_category_id", before.categoryID != forum.categoryID),
                ]
                .filter(\.1).map(\.0)
                try await change.record(.forumUpdated, .forum(forum.id), details: ["changed": .strings(changed)])
            }
            return forum
        }
    }

    public func deleteForum(_ id: ForumID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageDiscussions) { change in
            guard let forum = try await store.discussions.forums(change.tenant, on: change.sql).first(where: { $0.id == id }) else {
                throw HavenError.notFound
            }
            try await store.discussions.delete(change.tenant, id, on: change.sql)
            try await change.record(
                .forumDeleted, .forum(id),
                details: ["name": .string(forum.name), "topics": .int(forum.topicsCount), "posts": .int(forum.postsCount)])
        }
    }

    // MARK: Topics and posts (agents)

    public func topics(in forum: ForumID, page: PageRequest, by principal: Principal) async throws -> Page<(Topic, String?)> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.discussions.forums(principal.tenant, on: sql).contains(where: { $0.id == forum }) else {
                throw HavenError.notFound
            }
            let topics = try await store.discussions.topics(principal.tenant, forum: forum, page: page, on: sql)
            return Page(items: try await self.withMessages(topics.items, sql), hasMore: topics.hasMore)
        }
    }

    /// A topic with its message (its first post's body).
    public func topic(_ id: TopicID, by principal: Principal) async throws -> (Topic, String?) {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let topic = try await store.discussions.topic(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return try await self.withMessages([topic], sql)[0]
        }
    }

    func withMessages(_ topics: [Topic], _ sql: SQLExecutor) async throws -> [(Topic, String?)] {
        guard let tenant = topics.first?.tenantID else { return [] }
        let messages = try await self.helpdesk.store.discussions.messages(tenant, topics: topics.map(\.id), on: sql)
        return topics.map { ($0, messages[$0.id]?.bodyHTML) }
    }

    public func posts(in topic: TopicID, page: PageRequest, by principal: Principal) async throws -> Page<Post> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.discussions.topic(principal.tenant, topic, on: sql) != nil else { throw HavenError.notFound }
            return try await store.discussions.posts(principal.tenant, topic: topic, page: page, on: sql)
        }
    }

    /// An agent opens a topic (its first post is the message); moderators may pin or lock it at once.
    public func createTopic(in forum: ForumID, _ changes: TopicChanges, by principal: Principal) async throws -> (Topic, String?) {
        var errors = Self.topicProblems(changes)
        if changes.title == nil { errors.insert(.missing("title"), at: 0) }
        if changes.messageHTML == nil { errors.append(.missing("message")) }
        if (changes.sticky != nil || changes.locked != nil) && !principal.allows(.manageDiscussions) {
            errors.append(.invalid(changes.sticky != nil ? "sticky" : "locked", "Only moderators pin or lock topics"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        guard let author = principal.agentID else { throw HavenError.accessDenied }
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard
                let target = try await self.helpdesk.store.discussions.forums(change.tenant, on: change.sql).first(where: { $0.id == forum }
                )
            else { throw HavenError.notFound }
            var topic = try await self.open(target, author: author, changes, in: change)
            topic.postsCount = 1
            return (topic, changes.messageHTML)
        }
    }

    /// Writes a new topic and its first post with their audit entries (agents and customers alike).
    func open(_ forum: Forum, author: UserID, _ changes: TopicChanges, in change: Change) async throws -> Topic {
        let store = self.helpdesk.store
        var topic = Topic(
            tenantID: change.tenant, id: TopicID(try await IDSequences.next("forum_topics", on: change.sql)), forumID: forum.id,
            userID: author, title: changes.title!.trimmingWhitespace(), at: change.now)
        topic.sticky = changes.sticky ?? false
        topic.locked = changes.locked ?? false
        topic.repliedAt = change.now
        topic.repliedBy = author
        try await store.discussions.insert(topic, on: change.sql)
        let post = Post(
            tenantID: change.tenant, id: PostID(try await IDSequences.next("forum_posts", on: change.sql)), topicID: topic.id,
            forumID: forum.id, userID: author, bodyHTML: changes.messageHTML!, at: change.now)
        try await store.discussions.insert(post, on: change.sql)
        try await change.record(.topicCreated, .topic(topic.id), details: ["forum_id": .id(forum.id), "post_id": .id(post.id)])
        return topic
    }

    /// Moderators change any topic; the title and message can also be changed by their author.
    public func updateTopic(_ id: TopicID, _ changes: TopicChanges, by principal: Principal) async throws -> (Topic, String?) {
        let store = self.helpdesk.store
        let errors = Self.topicProblems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard var topic = try await store.discussions.topic(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            let moderating = changes.sticky != nil || changes.locked != nil || changes.forumID != nil || topic.userID != principal.agentID
            if moderating { try principal.require(.manageDiscussions) }
            let before = topic
            if let title = changes.title {
                guard topic.title != nil else { throw HavenError.validation([.invalid("title", "The author's words are erased")]) }
                topic.title = title.trimmingWhitespace()
            }
            if let sticky = changes.sticky { topic.sticky = sticky }
            if let locked = changes.locked { topic.locked = locked }
            if let forum = changes.forumID, forum != topic.forumID {
                guard try await store.discussions.forums(change.tenant, on: change.sql).contains(where: { $0.id == forum }) else {
                    throw HavenError.validation([.invalid("forum_id", "There is no forum \(forum)")])
                }
                topic.forumID = forum
            }
            var first = try await store.discussions.messages(change.tenant, topics: [id], on: change.sql)[id]
            if let message = changes.messageHTML, var post = first {
                guard post.bodyHTML != nil else { throw HavenError.validation([.invalid("message", "The author's words are erased")]) }
                post.bodyHTML = message
                post.updatedAt = change.now
                try await store.discussions.update(post, on: change.sql)
                first = post
            }
            topic.updatedAt = change.now
            try await store.discussions.update(topic, on: change.sql)
            let changed = [
                ("title", before.title != topic.title), ("message", changes.messageHTML != nil), ("sticky", before.sticky != topic.sticky),
                ("locked", before.locked != topic.locked), ("forum_id", before.forumID != topic.forumID),
            ]
            .filter(\.1).map(\.0)
            try await change.record(.topicUpdated, .topic(id), details: ["changed": .strings(changed)])
            return (topic, first?.bodyHTML)
        }
    }

    /// Deletes a topic with its posts: its author (an agent) or a moderator.
    public func deleteTopic(_ id: TopicID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard let topic = try await store.discussions.topic(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            if topic.userID != principal.agentID { try principal.require(.manageDiscussions) }
            try await store.discussions.delete(change.tenant, id, on: change.sql)
            try await change.record(.topicDeleted, .topic(id), details: ["forum_id": .id(topic.forumID), "posts": .int(topic.postsCount)])
        }
    }

    /// An agent's reply in a topic (a locked topic takes none).
    public func reply(to topic: TopicID, bodyHTML: String, by principal: Principal) async throws -> Post {
        let errors = Self.bodyProblems(bodyHTML, field: "body")
        if !errors.isEmpty { throw HavenError.validation(errors) }
        guard let author = principal.agentID else { throw HavenError.accessDenied }
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard let existing = try await self.helpdesk.store.discussions.topic(change.tenant, topic, on: change.sql) else {
                throw HavenError.notFound
            }
            return try await self.add(bodyHTML, to: existing, author: author, in: change)
        }
    }

    /// Writes a reply and bumps its topic, with the audit entry (agents and customers alike).
    func add(_ bodyHTML: String, to topic: Topic, author: UserID, in change: Change) async throws -> Post {
        let store = self.helpdesk.store
        if topic.locked { throw HavenError.validation([.invalid("topic_id", "This topic is locked: it takes no more replies")]) }
        let post = Post(
            tenantID: change.tenant, id: PostID(try await IDSequences.next("forum_posts", on: change.sql)), topicID: topic.id,
            forumID: topic.forumID, userID: author, bodyHTML: bodyHTML, at: change.now)
        try await store.discussions.insert(post, on: change.sql)
        var bumped = topic
        bumped.repliedAt = change.now
        bumped.repliedBy = author
        bumped.updatedAt = change.now
        bumped.title = nil  // the title is not rewritten (it may be another person's, under their key)
        try await store.discussions.update(bumped, on: change.sql)
        try await change.record(.postCreated, .post(post.id), details: ["topic_id": .id(topic.id)])
        return post
    }

    /// Changes a post's body (its author, or a moderator) or marks it as the answer (moderators, or the topic's author).
    public func updatePost(_ id: PostID, bodyHTML: String?, answer: Bool?, by principal: Principal) async throws -> Post {
        let store = self.helpdesk.store
        let errors = bodyHTML.map { Self.bodyProblems($0, field: "body") } ?? []
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard var post = try await store.discussions.post(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            if bodyHTML != nil && post.userID != principal.agentID { try principal.require(.manageDiscussions) }
            if answer != nil {
                let topic = try await store.discussions.topic(change.tenant, post.topicID, on: change.sql)
                if topic?.userID != principal.agentID { try principal.require(.manageDiscussions) }
            }
            let before = post
            if let body = bodyHTML {
                guard post.bodyHTML != nil else { throw HavenError.validation([.invalid("body", "The author's words are erased")]) }
                post.bodyHTML = body
            }
            if let answer { post.answer = answer }
            post.updatedAt = change.now
            try await store.discussions.update(post, on: change.sql)
            let changed = [("body", bodyHTML != nil && before.bodyHTML != post.bodyHTML), ("answer", before.answer != post.answer)]
                .filter(\.1).map(\.0)
            try await change.record(.postUpdated, .post(id), details: ["changed": .strings(changed)])
            return post
        }
    }

    /// Deletes a reply (its author, or a moderator); a topic's message goes only with its topic.
    public func deletePost(_ id: PostID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard let post = try await store.discussions.post(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            if post.userID != principal.agentID { try principal.require(.manageDiscussions) }
            let first = try await store.discussions.messages(change.tenant, topics: [post.topicID], on: change.sql)[post.topicID]
            if first?.id == id {
                throw HavenError.conflict([
                    FieldError(field: "id", message: "This is the topic's message: delete the topic instead", code: .inconsistentState)
                ])
            }
            try await store.discussions.delete(change.tenant, id, on: change.sql)
            try await change.record(.postDeleted, .post(id), details: ["topic_id": .id(post.topicID)])
        }
    }

    static func topicProblems(_ changes: TopicChanges) -> [FieldError] {
        var errors: [FieldError] = []
        if let title = changes.title?.trimmingWhitespace(), title.isEmpty || title.count > 255 {
            errors.append(.invalid("title", "It should be 1 to 255 characters"))
        }
        if let message = changes.messageHTML { errors += Self.bodyProblems(message, field: "message") }
        return errors
    }

    static func bodyProblems(_ html: String, field: String) -> [FieldError] {
        if HTMLText.plainText(SafeHTML.sanitize(html)).isEmpty { return [.invalid(field, "Write something")] }
        if html.utf8.count > Self.maxPostBytes { return [.invalid(field, "It should be at most \(Self.maxPostBytes / 1024) KiB")] }
        return []
    }
}
