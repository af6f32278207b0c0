import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// The community forums in Freshdesk's `discussions` shapes: categories, forums (`forum_type`, `forum_visibility`,
/// `company_ids`), topics (with their first post as `message`) and comments. Category and forum lists are not
/// paginated (page and per_page accepted); topics and comments are.
struct DiscussionController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/discussions/categories", .readHelpdesk, handler: self.categories),
            Route(.post, "/discussions/categories", .manageDiscussions, body: .json, handler: self.createCategory),
            Route(.get, "/discussions/categories/:id", .readHelpdesk, handler: self.category),
            Route(.put, "/discussions/categories/:id", .manageDiscussions, body: .json, handler: self.updateCategory),
            Route(.delete, "/discussions/categories/:id", .manageDiscussions, handler: self.deleteCategory),
            Route(.get, "/discussions/categories/:id/forums", .readHelpdesk, handler: self.forums),
            Route(.post, "/discussions/categories/:id/forums", .manageDiscussions, body: .json, handler: self.createForum),
            Route(.get, "/discussions/forums/:id", .readHelpdesk, handler: self.forum),
            Route(.put, "/discussions/forums/:id", .manageDiscussions, body: .json, handler: self.updateForum),
            Route(.delete, "/discussions/forums/:id", .manageDiscussions, handler: self.deleteForum),
            Route(.get, "/discussions/forums/:id/topics", .readHelpdesk, handler: self.topics),
            Route(.post, "/discussions/forums/:id/topics", .workTickets, body: .json, handler: self.createTopic),
            Route(.get, "/discussions/topics/:id", .readHelpdesk, handler: self.topic),
            Route(.put, "/discussions/topics/:id", .workTickets, body: .json, handler: self.updateTopic),
            Route(.delete, "/discussions/topics/:id", .workTickets, handler: self.deleteTopic),
            Route(.get, "/discussions/topics/:id/comments", .readHelpdesk, handler: self.comments),
            Route(.post, "/discussions/topics/:id/comments", .workTickets, body: .json, handler: self.createComment),
            Route(.put, "/discussions/comments/:id", .workTickets, body: .json, handler: self.updateComment),
            Route(.delete, "/discussions/comments/:id", .workTickets, handler: self.deleteComment),
        ]
    }

    // MARK: Shapes

    static func present(_ c: ForumCategory) -> JSONObject {
        [
            "id": .id(c.id), "name": .string(c.name), "description": c.description.map(JSONValue.string) ?? .null,
            "created_at": .timestamp(c.createdAt), "updated_at": .timestamp(c.updatedAt),
        ]
    }

    static func present(_ f: Forum) -> JSONObject {
        var object: JSONObject = [
            "id": .id(f.id), "name": .string(f.name), "description": f.description.map(JSONValue.string) ?? .null,
            "position": .int(f.position), "forum_category_id": .id(f.categoryID), "forum_type": .int(f.type.rawValue),
            "forum_visibility": .int(f.visibility.rawValue), "topics_count": .int(f.topicsCount), "posts_count": .int(f.postsCount),
            "created_at": .timestamp(f.createdAt), "updated_at": .timestamp(f.updatedAt),
        ]
        if f.visibility == .companies { object.append("company_ids", .ids(f.companyIDs)) }
        return object
    }

    /// An erased author's title and message read as null.
    static func present(_ t: Topic, message: String?) -> JSONObject {
        [
            "id": .id(t.id), "title": t.title.map(JSONValue.string) ?? .null, "forum_id": .id(t.forumID), "user_id": .id(t.userID),
            "locked": .bool(t.locked), "sticky": .bool(t.sticky), "published": true, "stamp_type": .null,
            "replied_at": t.repliedAt.map(JSONValue.timestamp) ?? .null, "replied_by": t.repliedBy.map(JSONValue.id) ?? .null,
            "posts_count": .int(t.postsCount), "hits": .int(t.hits), "user_votes": 0, "merged_topic_id": .null,
            "message": message.map(JSONValue.string) ?? .null, "created_at": .timestamp(t.createdAt), "updated_at": .timestamp(t.updatedAt),
        ]
    }

    static func present(_ p: Post) -> JSONObject {
        [
            "id": .id(p.id), "body": p.bodyHTML.map(JSONValue.string) ?? .null, "body_text": p.bodyText.map(JSONValue.string) ?? .null,
            "answer": .bool(p.answer), "user_id": .id(p.userID), "topic_id": .id(p.topicID), "forum_id": .id(p.forumID),
            "published": true, "spam": false, "trash": false, "created_at": .timestamp(p.createdAt), "updated_at": .timestamp(p.updatedAt),
        ]
    }

    // MARK: Categories

    @Sendable func categories(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(.array(try await Discussions(self.helpdesk).categories(by: request.principal).map { .object(Self.present($0)) }))
    }

    @Sendable func category(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.present(try await Discussions(self.helpdesk).category(try request.id(), by: request.principal))))
    }

    func saveCategory(_ request: APIRequest, _ id: ForumCategoryID?) async throws -> ForumCategory {
        var fields = BodyFields(request.object, allowed: ["name", "description"])
        let name = fields.nonNullString("name")
        let description = fields.string("description", maxLength: 1000)
        try fields.finish()
        return try await Discussions(self.helpdesk).saveCategory(id, name: name, description: description, by: request.principal)
    }

    @Sendable func createCategory(_ request: APIRequest) async throws -> APIResponse {
        let category = try await self.saveCategory(request, nil)
        return .created(.object(Self.present(category)), location: "\(request.baseURL)/api/v2/discussions/categories/\(category.id)")
    }

    @Sendable func updateCategory(_ request: APIRequest) async throws -> APIResponse {
        .ok(.object(Self.present(try await self.saveCategory(request, try request.id()))))
    }

    @Sendable func deleteCategory(_ request: APIRequest) async throws -> APIResponse {
        try await Discussions(self.helpdesk).deleteCategory(try request.id(), by: request.principal)
        return .noContent
    }

    // MARK: Forums

    @Sendable func forums(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(
            .array(
                try await Discussions(self.helpdesk).forums(in: try request.id(), by: request.principal).map { .object(Self.present($0)) }))
    }

    @Sendable func forum(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.present(try await Discussions(self.helpdesk).forum(try request.id(), by: request.principal))))
    }

    static func forumChanges(_ request: APIRequest, creating: Bool) throws -> Discussions.ForumChanges {
        var allowed: Set<String> = ["name", "description", "forum_type", "forum_visibility", "company_ids", "position"]
        if !creating { allowed.insert("forum_category_id") }
        var fields = BodyFields(request.object, allowed: allowed)
        if creating {
            fields.require("name")
            fields.require("forum_type")
            fields.require("forum_visibility")
        }
        var changes = Discussions.ForumChanges()
        changes.name = fields.nonNullString("name")
        changes.description = fields.string("description", maxLength: 1000)
        if let type = fields.nonNullInteger("forum_type", allowed: Forum.Kind.allCases.map(\.rawValue)) {
            changes.type = Forum.Kind(rawValue: type)
        }
        if let visibility = fields.nonNullInteger("forum_visibility", allowed: FolderVisibility.allCases.map(\.rawValue)) {
            changes.visibility = FolderVisibility(rawValue: visibility)
        }
        changes.companyIDs = fields.idArray("company_ids")
        changes.position = fields.nonNullInteger("position")
        if let category: ForumCategoryID? = fields.id("forum_category_id") {
            if category == nil { fields.fail(.invalid("forum_category_id", "A forum belongs to a category")) }
            changes.categoryID = category
        }
        try fields.finish()
        return changes
    }

    @Sendable func createForum(_ request: APIRequest) async throws -> APIResponse {
        let forum = try await Discussions(self.helpdesk).saveForum(
            nil, in: try request.id(), try Self.forumChanges(request, creating: true), by: request.principal)
        return .created(.object(Self.present(forum)), location: "\(request.baseURL)/api/v2/discussions/forums/\(forum.id)")
    }

    @Sendable func updateForum(_ request: APIRequest) async throws -> APIResponse {
        let forum = try await Discussions(self.helpdesk).saveForum(
            try request.id(), in: nil, try Self.forumChanges(request, creating: false), by: request.principal)
        return .ok(.object(Self.present(forum)))
    }

    @Sendable func deleteForum(_ request: APIRequest) async throws -> APIResponse {
        try await Discussions(self.helpdesk).deleteForum(try request.id(), by: request.principal)
        return .noContent
    }

    // MARK: Topics

    @Sendable func topics(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let forum: ForumID = try request.id()
        let page = try await Discussions(self.helpdesk).topics(
            in: forum, page: try Pagination.request(request.query), by: request.principal)
        return Pagination.response(page, request: request, path: "/discussions/forums/\(forum)/topics") {
            .object(Self.present($0.0, message: $0.1))
        }
    }

    @Sendable func topic(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let (topic, message) = try await Discussions(self.helpdesk).topic(try request.id(), by: request.principal)
        return .ok(.object(Self.present(topic, message: message)))
    }

    static func topicChanges(_ request: APIRequest, creating: Bool) throws -> Discussions.TopicChanges {
        var allowed: Set<String> = ["title", "message", "sticky", "locked"]
        if !creating { allowed.insert("forum_id") }
        var fields = BodyFields(request.object, allowed: allowed)
        var changes = Discussions.TopicChanges()
        changes.title = fields.nonNullString("title")
        changes.messageHTML = fields.nonNullString("message", maxLength: Discussions.maxPostBytes)
        changes.sticky = fields.boolean("sticky")
        changes.locked = fields.boolean("locked")
        if let forum: ForumID? = fields.id("forum_id") {
            if forum == nil { fields.fail(.invalid("forum_id", "A topic belongs to a forum")) }
            changes.forumID = forum
        }
        try fields.finish()
        return changes
    }

    @Sendable func createTopic(_ request: APIRequest) async throws -> APIResponse {
        let (topic, message) = try await Discussions(self.helpdesk).createTopic(
            in: try request.id(), try Self.topicChanges(request, creating: true), by: request.principal)
        return .created(
            .object(Self.present(topic, message: message)), location: "\(request.baseURL)/api/v2/discussions/topics/\(topic.id)")
    }

    @Sendable func updateTopic(_ request: APIRequest) async throws -> APIResponse {
        let (topic, message) = try await Discussions(self.helpdesk).updateTopic(
            try request.id(), try Self.topicChanges(request, creating: false), by: request.principal)
        return .ok(.object(Self.present(topic, message: message)))
    }

    @Sendable func deleteTopic(_ request: APIRequest) async throws -> APIResponse {
        try await Discussions(self.helpdesk).deleteTopic(try request.id(), by: request.principal)
        return .noContent
    }

    // MARK: Comments

    @Sendable func comments(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let topic: TopicID = try request.id()
        let page = try await Discussions(self.helpdesk).posts(in: topic, page: try Pagination.request(request.query), by: request.principal)
        return Pagination.response(page, request: request, path: "/discussions/topics/\(topic)/comments") { .object(Self.present($0)) }
    }

    @Sendable func createComment(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body"])
        fields.require("body")
        let body = fields.nonNullString("body", maxLength: Discussions.maxPostBytes)
        try fields.finish()
        let post = try await Discussions(self.helpdesk).reply(to: try request.id(), bodyHTML: body ?? "", by: request.principal)
        return .created(.object(Self.present(post)), location: "\(request.baseURL)/api/v2/discussions/comments/\(post.id)")
    }

    @Sendable func updateComment(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["body", "answer"])
        let body = fields.nonNullString("body", maxLength: Discussions.maxPostBytes)
        let answer = fields.boolean("answer")
        try fields.finish()
        let post = try await Discussions(self.helpdesk).updatePost(try request.id(), bodyHTML: body, answer: answer, by: request.principal)
        return .ok(.object(Self.present(post)))
    }

    @Sendable func deleteComment(_ request: APIRequest) async throws -> APIResponse {
        try await Discussions(self.helpdesk).deletePost(try request.id(), by: request.principal)
        return .noContent
    }
}
