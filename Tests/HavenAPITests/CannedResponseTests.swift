import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Canned responses over the API in Freshdesk's shapes: folders (unique names, counts), responses (content and
/// content_html), supervisors and admins write, agents read; placeholders checked on save and filled, escaped, for
/// a ticket; another tenant's folders and responses are not there; titles and contents sealed at rest.
@Suite struct CannedResponseTests {
    @Test func foldersAndResponses_inFreshdesksShapes_withPlaceholdersCheckedAndFilled() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let folder = try await client.call(.post, "/api/v2/canned_response_folders", key: key, json: ["name": "Refunds"])
            #expect(folder.status == 201, "\(folder.text)")
            let folderID = try #require(folder.object?.int("id"))
            let twin = try await client.call(.post, "/api/v2/canned_response_folders", key: key, json: ["name": "refunds"])
            #expect(twin.status == 409 && twin.text.contains("duplicate_value"), "\(twin.text)")

            let body: JSONValue = [
                "title": "Refund on its way", "folder_id": .int(folderID), "visibility": 0,
                "content_html": "<p>Hello {{ticket.requester.name}}, your refund for #{{ticket.id}} (Marker-canned-77) is on its way.</p>",
            ]
            let created = try await client.call(.post, "/api/v2/canned_responses", key: key, json: body)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.object?.int("id"))
            #expect(created.object?.string("content")?.hasPrefix("Hello {{ticket.requester.name}}") == true)
            #expect(created.object?["attachments"] == .array([]) && created.object?.int("folder_id") == folderID)

            // Bad input: each named, nothing written.
            let bad: [(JSONValue, String)] = [
                (["title": "x", "folder_id": .int(folderID), "content_html": "Hi {{ticket.requester.phone}}"], "content_html"),
                (["title": "x", "folder_id": .int(folderID), "content_html": "Hi {{<b>x</b>}}"], "content_html"),
                (["title": "x", "folder_id": .int(folderID), "content_html": "Hi {{ticket.id"], "content_html"),
                (["title": "", "folder_id": .int(folderID), "content_html": "Hi"], "title"),
                (["title": "x", "folder_id": 999_999, "content_html": "Hi"], "folder_id"),
                (["title": "x", "content_html": "Hi"], "folder_id"),
                (["title": "x", "folder_id": .int(folderID), "content_html": "Hi", "visibility": 1], "visibility"),
                (["title": "x", "folder_id": .int(folderID), "content_html": "Hi", "visibility": 2, "group_ids": [1]], "group_ids"),
            ]
            for (json, field) in bad {
                let refused = try await client.call(.post, "/api/v2/canned_responses", key: key, json: json)
                #expect(refused.status == 400, "\(json): \(refused.text)")
                let named = refused.object?["errors"]?.arrayValue?.compactMap { $0.objectValue?.string("field") } ?? []
                #expect(named.contains(field), "\(json): \(refused.text)")
            }

            let folders = try await client.call(.get, "/api/v2/canned_response_folders?per_page=100", key: key)
            #expect(folders.array?.compactMap(\.objectValue).map { $0.int("responses_count") } == [1])
            let viewed = try await client.call(.get, "/api/v2/canned_response_folders/\(folderID)", key: key)
            #expect(viewed.object?["canned_responses"]?.arrayValue?.count == 1)
            #expect(try await client.call(.get, "/api/v2/canned_response_folders/\(folderID)/responses", key: key).array?.count == 1)
            let renamed = try await client.call(.put, "/api/v2/canned_response_folders/\(folderID)", key: key, json: ["name": "Money back"])
            #expect(renamed.object?.string("name") == "Money back")
            let updated = try await client.call(.put, "/api/v2/canned_responses/\(id)", key: key, json: ["title": "Refund sent"])
            #expect(updated.status == 200 && updated.object?.string("title") == "Refund sent")

            // Agents read and use them; they do not write them.
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            #expect(try await client.call(.get, "/api/v2/canned_responses/\(id)", key: plain.apiKey).status == 200)
            #expect(try await client.call(.put, "/api/v2/canned_responses/\(id)", key: plain.apiKey, json: ["title": "x"]).status == 403)
            // Another tenant sees none of it.
            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/canned_responses/\(id)", key: beta).status == 404)
            #expect(try await client.call(.get, "/api/v2/canned_response_folders/\(folderID)", key: beta).status == 404)
            #expect(try await client.call(.get, "/api/v2/canned_response_folders", key: beta).array == [])

            // Filled for a ticket, every value escaped.
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "Where is my money", "description": "d", "email": "ann@customer.example", "name": "Ann <b>Bold</b>"])
            let ticketID = try #require(ticket.object?.int("id"))
            let rendered = try await CannedResponses(server.helpdesk).render(
                CannedResponseID(id), for: TicketID(ticketID),
                by: .agent(server.tenants[0].agentID, role: .agent, apiKey: nil, tenant: server.tenants[0].tenant.id))
            #expect(rendered == "<p>Hello Ann &lt;b&gt;Bold&lt;/b&gt;, your refund for #\(ticketID) (Marker-canned-77) is on its way.</p>")

            // Sealed at rest: the content is in no file in clear.
            #expect(try DataFiles.plaintext(["Marker-canned-77", "Refund sent"], under: server.directory) == [])
            #expect(try await client.call(.delete, "/api/v2/canned_responses/\(id)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/canned_responses/\(id)", key: key).status == 404)
        }
    }
}
