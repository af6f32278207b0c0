import HTTPTypes
import HavenCore
import Testing

/// The wire examples of freshdesk-api-v2.md §11 and the delete/restore table of §10, over real HTTP.
@Suite struct WireExamplesTests {
    static let ticketKeys = [
        "id", "subject", "description", "description_text", "status", "priority", "source", "type", "tags",
        "requester_id", "responder_id", "group_id", "company_id", "product_id", "email_config_id", "cc_emails",
        "fwd_emails", "reply_cc_emails", "ticket_cc_emails", "to_emails", "custom_fields", "spam", "deleted",
        "fr_escalated", "is_escalated", "nr_escalated", "due_by", "fr_due_by", "nr_due_by", "attachments",
        "created_at", "updated_at",
    ]

    @Test func createViewListSearchDeleteRestore_matchTheWireExamples() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let created = try await client.call(
                .post,
                "/api/v2/tickets",
                key: key,
                json: ["subject": "S", "description": "D", "email": "a@b.co", "priority": 2, "status": 2]
            )
            #expect(created.status == 201)
            #expect(created.header("Content-Type") == "application/json; charset=utf-8")
            let ticket = try #require(created.object)
            let id = try #require(ticket.int("id"))
            #expect(id == 1)
            #expect(created.header("Location")?.hasSuffix("/api/v2/tickets/1") == true)
            for key in Self.ticketKeys {
                #expect(ticket[key] != nil, "ticket key \(key) missing")
            }
            #expect(ticket.int("status") == 2)
            #expect(ticket.int("priority") == 2)
            #expect(ticket.int("source") == 2)
            #expect(ticket.string("description") == "D")
            #expect(ticket.string("description_text") == "D")
            #expect(ticket["custom_fields"] == .object(JSONObject()))
            #expect(ticket["tags"] == .array([]))
            #expect(ticket["deleted"] == .bool(false))
            #expect(ticket["responder_id"] == .null)
            #expect(ticket["to_emails"] == .null)
            #expect(ticket.string("created_at") == "2024-05-01T10:00:00Z")
            #expect(isWireTimestamp(ticket["updated_at"]))
            #expect(created.header("X-RateLimit-Total").flatMap(Int.init) != nil)
            #expect(created.header("X-RateLimit-Remaining").flatMap(Int.init) != nil)
            #expect(created.header("X-RateLimit-Used-CurrentRequest") == "1")
            #expect(created.header("X-Freshdesk-API-Version") == "latest=v2; requested=v2")

            // An unknown e-mail created a contact, which is the requester.
            let requesterID = try #require(ticket.int("requester_id"))
            let requester = try await client.call(.get, "/api/v2/contacts/\(requesterID)", key: key)
            #expect(requester.status == 200)
            #expect(requester.object?.string("email") == "a@b.co")

            // A second ticket so the first page of two has a next page.
            server.clock.advance(seconds: 60)
            for subject in ["T2", "T3"] {
                let more = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: ["subject": .string(subject), "description": "x", "email": "a@b.co", "priority": 4, "status": 2]
                )
                #expect(more.status == 201)
            }
            let page1 = try await client.call(.get, "/api/v2/tickets?per_page=2&page=1", key: key)
            #expect(page1.status == 200)
            #expect(page1.array?.count == 2)
            let link = try #require(page1.header("Link"))
            #expect(link.hasSuffix("/api/v2/tickets?per_page=2&page=2>; rel=\"next\""))
            // Without include=description, list items carry no description.
            #expect(page1.array?.first?.objectValue?["description"] == nil)
            let page2 = try await client.call(.get, "/api/v2/tickets?per_page=2&page=2", key: key)
            #expect(page2.array?.count == 1)
            #expect(page2.header("Link") == nil)

            let search = try await client.call(.get, "/api/v2/search/tickets?query=%22status%3A2+AND+priority%3A%3E3%22", key: key)
            #expect(search.status == 200)
            #expect(search.object?.int("total") == 2)
            let results = try #require(search.object?["results"]?.arrayValue)
            #expect(Set(results.compactMap { $0.objectValue?.string("subject") }) == ["T2", "T3"])

            // §10: trash, read while deleted, PUT → 405, listed only under filter=deleted, restore.
            let deleted = try await client.call(.delete, "/api/v2/tickets/1", key: key, contentType: "application/json")
            #expect(deleted.status == 204)
            #expect(deleted.bytes.isEmpty)
            let whileDeleted = try await client.call(.get, "/api/v2/tickets/1", key: key)
            #expect(whileDeleted.status == 200)
            #expect(whileDeleted.object?["deleted"] == .bool(true))
            let updateDeleted = try await client.call(.put, "/api/v2/tickets/1", key: key, json: ["priority": 3])
            #expect(updateDeleted.status == 405)
            let noteOnDeleted = try await client.call(.post, "/api/v2/tickets/1/notes", key: key, json: ["body": "n"])
            #expect(noteOnDeleted.status == 404)
            let defaultList = try await client.call(.get, "/api/v2/tickets", key: key)
            #expect(defaultList.array?.compactMap { $0.objectValue?.int("id") }.contains(1) == false)
            let trash = try await client.call(.get, "/api/v2/tickets?filter=deleted", key: key)
            #expect(trash.array?.compactMap { $0.objectValue?.int("id") } == [1])
            let searchAfterDelete = try await client.call(.get, "/api/v2/search/tickets?query=%22status%3A2%22", key: key)
            #expect(searchAfterDelete.object?.int("total") == 2)
            // python-freshdesk sends a JSON content type and Content-Length: 0 on restore.
            let restored = try await client.call(
                .put, "/api/v2/tickets/1/restore", key: key, rawBody: [], contentType: "application/json"
            )
            #expect(restored.status == 204)
            #expect(restored.bytes.isEmpty)
            let afterRestore = try await client.call(.get, "/api/v2/tickets/1", key: key)
            #expect(afterRestore.object?["deleted"] == .bool(false))
            let restoreWithBody = try await client.call(.put, "/api/v2/tickets/1/restore", key: key, json: ["x": 1])
            #expect(restoreWithBody.status == 400)
            #expect(restoreWithBody.object?.string("code") == "no_content_required")

            let missing = try await client.call(.get, "/api/v2/tickets/999", key: key)
            #expect(missing.status == 404)
            #expect(missing.text == " ")
            #expect(missing.header("Content-Type")?.hasPrefix("application/json") == false)
        }
    }

    @Test func contactDeleteRestoreHardDelete_followTheTrashTable() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let created = try await client.call(
                .post, "/api/v2/contacts", key: key,
                json: ["name": "Ada", "email": "ada@example.com", "view_all_tickets": false, "description": "Freshdesk Contact"]
            )
            #expect(created.status == 201)
            let id = try #require(created.object?.int("id"))
            #expect(created.object?["deleted"] == .bool(false))
            #expect(created.object?["custom_fields"] == .object(JSONObject()))
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "Help", "description": "d", "requester_id": .int(id)]
            )
            #expect(ticket.status == 201)
            let ticketID = try #require(ticket.object?.int("id"))

            let duplicate = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "Ada 2", "email": "ADA@example.com"])
            #expect(duplicate.status == 409)
            #expect(duplicate.hasFieldError("email", "duplicate_value"))
            let info = duplicate.object?["errors"]?.arrayValue?.first?.objectValue?["additional_info"]?.objectValue
            #expect(info?.int("user_id") == id)

            let refused = try await client.call(.delete, "/api/v2/contacts/\(id)/hard_delete", key: key)
            #expect(refused.status == 400)
            #expect(try await client.call(.delete, "/api/v2/contacts/\(id)", key: key).status == 204)
            #expect(try await client.call(.delete, "/api/v2/contacts/\(id)", key: key).status == 404)
            let whileDeleted = try await client.call(.get, "/api/v2/contacts/\(id)", key: key)
            #expect(whileDeleted.status == 200)
            #expect(whileDeleted.object?["deleted"] == .bool(true))
            #expect(try await client.call(.put, "/api/v2/contacts/\(id)", key: key, json: ["name": "X"]).status == 405)
            let deletedList = try await client.call(.get, "/api/v2/contacts?state=deleted", key: key)
            #expect(deletedList.array?.compactMap { $0.objectValue?.int("id") } == [id])
            let defaultList = try await client.call(.get, "/api/v2/contacts", key: key)
            #expect(defaultList.array?.compactMap { $0.objectValue?.int("id") }.contains(id) == false)
            #expect(try await client.call(.put, "/api/v2/contacts/\(id)/restore", key: key).status == 204)
            #expect(try await client.call(.put, "/api/v2/contacts/\(id)/restore", key: key).status == 404)

            // hard_delete with force=True (python-freshdesk's spelling) removes the contact and its tickets.
            let erased = try await client.call(.delete, "/api/v2/contacts/\(id)/hard_delete?force=True", key: key)
            #expect(erased.status == 204)
            #expect(try await client.call(.get, "/api/v2/contacts/\(id)", key: key).status == 404)
            #expect(try await client.call(.get, "/api/v2/tickets/\(ticketID)", key: key).status == 404)
        }
    }

    @Test func conversations_haveEveryKeyAndUpdateTicketStats() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "S", "description": "D", "email": "c@d.co"]
            )
            let id = try #require(ticket.object?.int("id"))
            server.clock.advance(seconds: 30)
            let reply = try await client.call(.post, "/api/v2/tickets/\(id)/reply", key: key, json: ["body": "<p>Hello</p>"])
            #expect(reply.status == 201)
            #expect(reply.object?.int("source") == 0)
            #expect(reply.object?["private"] == .bool(false))
            #expect(reply.object?.string("body_text") == "Hello")
            let note = try await client.call(.post, "/api/v2/tickets/\(id)/notes", key: key, json: ["body": "internal"])
            #expect(note.status == 201)
            #expect(note.object?.int("source") == 2)
            #expect(note.object?["private"] == .bool(true))
            let list = try await client.call(.get, "/api/v2/tickets/\(id)/conversations", key: key)
            let items = try #require(list.array)
            #expect(items.count == 2)
            let keys = [
                "id", "ticket_id", "user_id", "body", "body_text", "incoming", "private", "source", "category",
                "support_email", "from_email", "to_emails", "cc_emails", "bcc_emails", "attachments", "created_at",
                "updated_at", "last_edited_at", "last_edited_user_id", "email_failure_count", "outgoing_failures",
                "auto_response", "thread_id", "thread_message_id", "automation_id", "automation_type_id",
                "source_additional_info",
            ]
            for item in items {
                for key in keys {
                    #expect(item.objectValue?[key] != nil, "conversation key \(key) missing")
                }
            }
            let viewed = try await client.call(.get, "/api/v2/tickets/\(id)?include=stats,conversations,requester", key: key)
            let stats = try #require(viewed.object?["stats"]?.objectValue)
            #expect(stats.string("first_responded_at") == "2024-05-01T10:00:30Z")
            #expect(viewed.object?["conversations"]?.arrayValue?.count == 2)
            #expect(viewed.object?["requester"]?.objectValue?.string("email") == "c@d.co")

            let noteID = try #require(note.object?.int("id"))
            let replyID = try #require(reply.object?.int("id"))
            let edited = try await client.call(.put, "/api/v2/conversations/\(noteID)", key: key, json: ["body": "edited"])
            #expect(edited.status == 200)
            #expect(edited.object?.string("body") == "edited")
            #expect(try await client.call(.put, "/api/v2/conversations/\(replyID)", key: key, json: ["body": "x"]).status == 405)
            #expect(try await client.call(.delete, "/api/v2/conversations/\(noteID)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/tickets/\(id)/conversations", key: key).array?.count == 1)
        }
    }
}
