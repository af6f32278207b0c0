import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// The community forums over the API in Freshdesk's `discussions` shapes: categories, forums, topics with their
/// message, comments; moderators shape and moderate, agents post; bad input named, nothing half-written; a customer's
/// posts sealed under their key, so erasing them erases what they wrote.
@Suite struct DiscussionAPITests {
    static func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }
    static func fields(_ result: HTTPResult) -> [String] { result.fieldErrors.map(\.field) }

    @Test func forumsTopicsAndComments_inFreshdeskShapes() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let category = try await client.call(
                .post, "/api/v2/discussions/categories", key: key, json: ["name": "Product", "description": "Talk"])
            #expect(category.status == 201, "\(category.text)")
            let categoryID = try #require(category.object?.int("id"))
            #expect(try await client.call(.post, "/api/v2/discussions/categories", key: key, json: ["name": "PRODUCT"]).status == 409)
            let forum = try await client.call(
                .post, "/api/v2/discussions/categories/\(categoryID)/forums", key: key,
                json: ["name": "Questions", "forum_type": 1, "forum_visibility": 1])
            #expect(
                forum.status == 201 && forum.object?.int("forum_category_id") == categoryID && forum.object?.int("position") == 1,
                "\(forum.text)")
            let forumID = try #require(forum.object?.int("id"))
            let badForums: [(String, String)] = [
                (#"{"name": "X", "forum_visibility": 1}"#, "forum_type"),
                (#"{"name": "X", "forum_type": 9, "forum_visibility": 1}"#, "forum_type"),
                (#"{"name": "X", "forum_type": 1, "forum_visibility": 4}"#, "company_ids"),
                (#"{"name": "X", "forum_type": 1, "forum_visibility": 1, "company_ids": [1]}"#, "company_ids"),
                (#"{"name": "", "forum_type": 1, "forum_visibility": 1}"#, "name"),
            ]
            for (text, field) in badForums {
                let refused = try await client.call(
                    .post, "/api/v2/discussions/categories/\(categoryID)/forums", key: key, json: Self.json(text))
                #expect(refused.status == 400 && Self.fields(refused).contains(field), "\(text): \(refused.text)")
            }

            let topic = try await client.call(
                .post, "/api/v2/discussions/forums/\(forumID)/topics", key: key,
                json: ["title": "How do I export?", "message": "<p>Looking for the <b>export</b> button.</p>", "sticky": true])
            #expect(topic.status == 201, "\(topic.text)")
            let topicID = try #require(topic.object?.int("id"))
            #expect(topic.object?.string("message") == "<p>Looking for the <b>export</b> button.</p>" && topic.object?["sticky"] == true)
            #expect(topic.object?.int("posts_count") == 1 && topic.object?.int("user_id") == server.tenants[0].agentID.rawValue)
            for (text, field) in [
                (#"{"message": "<p>x</p>"}"#, "title"), (#"{"title": "T"}"#, "message"),
                (#"{"title": "T", "message": "<p> </p>"}"#, "message"),
            ] {
                let refused = try await client.call(.post, "/api/v2/discussions/forums/\(forumID)/topics", key: key, json: Self.json(text))
                #expect(refused.status == 400 && Self.fields(refused).contains(field), "\(text): \(refused.text)")
            }

            // A plain agent posts, but does not moderate.
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            let reply = try await client.call(
                .post, "/api/v2/discussions/topics/\(topicID)/comments", key: plain.apiKey, json: ["body": "<p>Settings → Export.</p>"])
            #expect(reply.status == 201 && reply.object?.string("body_text") == "Settings → Export.", "\(reply.text)")
            let replyID = try #require(reply.object?.int("id"))
            #expect(
                try await client.call(.put, "/api/v2/discussions/topics/\(topicID)", key: plain.apiKey, json: ["locked": true]).status
                    == 403)
            #expect(try await client.call(.post, "/api/v2/discussions/categories", key: plain.apiKey, json: ["name": "Mine"]).status == 403)
            #expect(
                try await client.call(
                    .put, "/api/v2/discussions/comments/\(replyID)", key: plain.apiKey, json: ["body": "<p>Settings → Data → Export.</p>"]
                ).status == 200)

            // Moderation: mark the answer, lock; a locked topic takes no reply; its message goes only with it.
            let answered = try await client.call(.put, "/api/v2/discussions/comments/\(replyID)", key: key, json: ["answer": true])
            #expect(answered.object?["answer"] == true)
            #expect(
                try await client.call(.put, "/api/v2/discussions/topics/\(topicID)", key: key, json: ["locked": true]).object?["locked"]
                    == true)
            let late = try await client.call(
                .post, "/api/v2/discussions/topics/\(topicID)/comments", key: plain.apiKey, json: ["body": "late"])
            #expect(late.status == 400 && Self.fields(late) == ["topic_id"], "\(late.text)")
            let comments = try await client.call(.get, "/api/v2/discussions/topics/\(topicID)/comments?per_page=1", key: key)
            #expect(comments.array?.count == 1 && comments.header("Link")?.contains("page=2") == true)
            let firstPost = try #require(comments.array?.first?.objectValue?.int("id"))
            #expect(try await client.call(.delete, "/api/v2/discussions/comments/\(firstPost)", key: key).status == 409)
            let listed = try await client.call(.get, "/api/v2/discussions/forums/\(forumID)/topics", key: key)
            #expect(listed.array?.first?.objectValue?.int("posts_count") == 2)
            #expect(try await client.call(.get, "/api/v2/discussions/forums/\(forumID)", key: key).object?.int("posts_count") == 2)

            // Another tenant sees none of it.
            let beta = server.tenants[1].apiKey
            for path in ["categories/\(categoryID)", "forums/\(forumID)", "topics/\(topicID)", "topics/\(topicID)/comments"] {
                #expect(try await client.call(.get, "/api/v2/discussions/\(path)", key: beta).status == 404, "\(path)")
            }

            // A customer's topic, then the customer erased: their words read as null, the thread stays.
            var changes = ContactChanges()
            changes.name = "Cleo"
            changes.email = "cleo@customer.example"
            let admin = Principal.agent(server.tenants[0].agentID, role: .admin, apiKey: nil, tenant: server.tenants[0].tenant.id)
            let cleo = try await CreateContact(server.helpdesk)(changes, by: admin).id
            _ = try await PortalAdministration(server.helpdesk).update(
                .init(
                    name: "", welcome: "Hello", accentColor: "#2557d6", anonymousTickets: true, consentRequired: false, consentText: "",
                    widgetOrigins: [], community: true), by: admin)
            let customer = Principal(tenant: server.tenants[0].tenant.id, kind: .contact(cleo))
            let hers = try await Discussions(server.helpdesk).openAsCustomer(
                in: ForumID(forumID), title: "Cleo's question", messageHTML: "<p>Cleo's words</p>", by: customer)
            #expect(
                try await client.call(.get, "/api/v2/discussions/topics/\(hers.id)", key: key).object?.string("title") == "Cleo's question")
            _ = try await EraseContact(server.helpdesk)(cleo, force: true, by: admin)
            let erased = try await client.call(.get, "/api/v2/discussions/topics/\(hers.id)", key: key)
            #expect(erased.status == 200 && erased.object?["title"] == .null && erased.object?["message"] == .null, "\(erased.text)")

            #expect(try await client.call(.delete, "/api/v2/discussions/categories/\(categoryID)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/discussions/topics/\(topicID)", key: key).status == 404)
        }
    }
}
