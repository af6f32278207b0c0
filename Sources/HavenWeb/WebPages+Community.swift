import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// The portal's community forums (`/community`), when the tenant turns them on: the forums this reader may open, their
/// topics and posts; signed-in customers open topics and reply, as themselves — all through `Discussions`. Posts are
/// shown as text (paragraphs kept), like a ticket's thread.
extension WebPages {
    static let forumKinds: [Forum.Kind: String] = [
        .questions: "Questions", .ideas: "Ideas", .problems: "Problems", .announcements: "Announcements",
    ]

    /// The portal's `/community…` pages; nil when the path is not one of them.
    func community(_ request: WebRequest) async throws -> WebResponse? {
        guard request.path == "/community" || request.path.hasPrefix("/community/") else { return nil }
        let rest = String(request.path.dropFirst("/community".count))
        do {
            if rest.isEmpty, !request.isPost { return try await self.communityHome(request) }
            if let (id, action) = Self.recordPath(rest, "forums") {
                if action == nil, !request.isPost { return try await self.communityForum(request, id: ForumID(id)) }
                if action == "topics", request.isPost { return try await self.communityOpen(request, forum: ForumID(id)) }
            }
            if let (id, action) = Self.recordPath(rest, "topics") {
                if action == nil, !request.isPost { return try await self.communityTopic(request, id: TopicID(id)) }
                if action == "reply", request.isPost { return try await self.communityReply(request, topic: TopicID(id)) }
            }
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Not found", "There is nothing here, or it is not shown to you.")
        }
        return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
    }

    private func communityHome(_ request: WebRequest) async throws -> WebResponse {
        guard
            let boards = try await Discussions(self.helpdesk).boards(tenant: request.tenant.id, contact: request.signedIn.map(\.person.id))
        else { throw HavenError.notFound }
        return self.render(
            "community_home", request, current: "/community",
            [
                "boards": boards.map { board in
                    [
                        "name": board.category.name, "description": board.category.description ?? "",
                        "forums": board.forums.map { forum in
                            [
                                "id": String(forum.id.rawValue), "name": forum.name, "description": forum.description ?? "",
                                "kind": Self.forumKinds[forum.type] ?? "", "topics": String(forum.topicsCount),
                                "posts": String(forum.postsCount),
                            ]
                        },
                    ] as [String: Any]
                }
            ])
    }

    private func communityForum(
        _ request: WebRequest, id: ForumID, problems: [FieldError] = [], typed: [String: String] = [:]
    ) async throws -> WebResponse {
        let number = max(1, min(Int(request.query["page"] ?? "") ?? 1, 10_000))
        let page = try await Discussions(self.helpdesk).forumPage(
            id, page: PageRequest(page: number, perPage: 30), tenant: request.tenant.id, contact: request.signedIn.map(\.person.id))
        var values: [String: Any] = [
            "id": String(id.rawValue), "category": page.category.name, "name": page.forum.name, "description": page.forum.description ?? "",
            "kind": Self.forumKinds[page.forum.type] ?? "", "may_post": page.mayPost, "signed_in": request.signedIn != nil,
            "topics": page.topics.items.map { topic in
                [
                    "id": String(topic.id.rawValue), "title": topic.title ?? "(removed)", "sticky": topic.sticky, "locked": topic.locked,
                    "replies": String(max(0, topic.postsCount - 1)), "active": Self.date(topic.repliedAt ?? topic.updatedAt),
                ] as [String: Any]
            },
            "page": String(number), "typed_title": typed["title"] ?? "", "typed_message": typed["message"] ?? "",
        ]
        for field in Set(problems.map(\.field)) { values["invalid_\(field)"] = true }
        if number > 1 { values["previous"] = "/community/forums/\(id)?page=\(number - 1)" }
        if page.topics.hasMore { values["next"] = "/community/forums/\(id)?page=\(number + 1)" }
        return self.render(
            "community_forum", request, current: "/community", error: problems.isEmpty ? nil : Self.describe(problems, naming: false),
            status: problems.isEmpty ? .ok : .unprocessableContent, values)
    }

    private func communityTopic(
        _ request: WebRequest, id: TopicID, problems: [FieldError] = [], typed: String = ""
    ) async throws -> WebResponse {
        let number = max(1, min(Int(request.query["page"] ?? "") ?? 1, 10_000))
        let page = try await Discussions(self.helpdesk).topicPage(
            id, page: PageRequest(page: number, perPage: 50), tenant: request.tenant.id, contact: request.signedIn.map(\.person.id))
        var values: [String: Any] = [
            "id": String(id.rawValue), "category": page.category.name, "forum": page.forum.name, "forum_id": String(page.forum.id.rawValue),
            "title": page.topic.title ?? "(removed)", "sticky": page.topic.sticky, "locked": page.topic.locked,
            "may_reply": page.mayReply, "signed_in": request.signedIn != nil, "typed": typed, "error": !problems.isEmpty,
            "posts": page.posts.items.map { post in
                [
                    "author": page.authors[post.userID] ?? "Former member", "created": Self.date(post.createdAt), "answer": post.answer,
                    "body": post.bodyHTML.map { HTMLText.editableText(SafeHTML.sanitize($0)) } ?? "(removed at the author’s request)",
                    "mine": post.userID == request.signedIn?.person.id,
                ] as [String: Any]
            },
            "page": String(number),
        ]
        if number > 1 { values["previous"] = "/community/topics/\(id)?page=\(number - 1)" }
        if page.posts.hasMore { values["next"] = "/community/topics/\(id)?page=\(number + 1)" }
        return self.render(
            "community_topic", request, current: "/community", error: problems.isEmpty ? nil : Self.describe(problems, naming: false),
            status: problems.isEmpty ? .ok : .unprocessableContent, values)
    }

    /// A customer's new topic: typed as text, kept as paragraphs.
    private func communityOpen(_ request: WebRequest, forum: ForumID) async throws -> WebResponse {
        guard let signedIn = request.signedIn else { return .redirect("/sign-in") }
        let title = request.form["title"] ?? ""
        let message = request.form["message"] ?? ""
        do {
            let topic = try await Discussions(self.helpdesk).openAsCustomer(
                in: forum, title: title, messageHTML: HTMLText.paragraphs(message), by: signedIn.principal)
            return .redirect("/community/topics/\(topic.id)")
        } catch HavenError.validation(let problems) {
            return try await self.communityForum(
                request.showing("/community/forums/\(forum)"), id: forum, problems: problems, typed: ["title": title, "message": message])
        }
    }

    private func communityReply(_ request: WebRequest, topic: TopicID) async throws -> WebResponse {
        guard let signedIn = request.signedIn else { return .redirect("/sign-in") }
        let body = request.form["body"] ?? ""
        do {
            _ = try await Discussions(self.helpdesk).replyAsCustomer(to: topic, bodyHTML: HTMLText.paragraphs(body), by: signedIn.principal)
            return .redirect("/community/topics/\(topic)?notice=posted#reply")
        } catch HavenError.validation(let problems) {
            return try await self.communityTopic(request.showing("/community/topics/\(topic)"), id: topic, problems: problems, typed: body)
        }
    }
}
