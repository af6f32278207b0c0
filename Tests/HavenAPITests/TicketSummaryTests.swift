import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// `tickets/{id}/summary`: written, rewritten, read and deleted by agents in Freshdesk's shape; sealed at rest and
/// moved with the thread when the ticket changes hands; bad input named; another tenant's not there.
@Suite struct TicketSummaryTests {
    @Test func aSummaryIsWrittenReadMovedWithTheThreadAndDeleted() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "Charged twice", "description": "d", "email": "una@customer.example"])
            let id = try #require(ticket.object?.int("id"))
            #expect(try await client.call(.get, "/api/v2/tickets/\(id)/summary", key: key).status == 404)

            let written = try await client.call(
                .put, "/api/v2/tickets/\(id)/summary", key: key,
                json: ["body": "<p>Marker-summary-661: card charged twice, refund one.</p>"])
            #expect(written.status == 200, "\(written.text)")
            #expect(written.object?.string("body_text") == "Marker-summary-661: card charged twice, refund one.")
            #expect(written.object?.int("ticket_id") == id && written.object?.int("user_id") == server.tenants[0].agentID.rawValue)
            let summaryID = written.object?.int("id")
            let rewritten = try await client.call(.put, "/api/v2/tickets/\(id)/summary", key: key, json: ["body": "<p>Refunded.</p>"])
            #expect(rewritten.object?.int("id") == summaryID && rewritten.object?.string("body") == "<p>Refunded.</p>")
            #expect(try DataFiles.plaintext(["Refunded."], under: server.directory) == [])

            for (body, field): (JSONValue, String) in [
                (["body": ""], "body"), (["body": "<p> </p>"], "body"), ([:], "body"), (["body": "x", "pinned": true], "pinned"),
            ] {
                let refused = try await client.call(.put, "/api/v2/tickets/\(id)/summary", key: key, json: body)
                #expect(refused.status == 400 && refused.fieldErrors.map(\.field).contains(field), "\(body): \(refused.text)")
            }
            #expect(try await client.call(.put, "/api/v2/tickets/999999/summary", key: key, json: ["body": "x"]).status == 404)

            // The ticket changes hands: the summary moves under the new requester's key and still reads.
            let other = try #require(
                try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "Vic", "email": "vic@customer.example"]).object?
                    .int("id"))
            #expect(try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["requester_id": .int(other)]).status == 200)
            #expect(try await client.call(.get, "/api/v2/tickets/\(id)/summary", key: key).object?.string("body") == "<p>Refunded.</p>")

            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/tickets/\(id)/summary", key: beta).status == 404)
            #expect(try await client.call(.delete, "/api/v2/tickets/\(id)/summary", key: beta).status == 404)

            #expect(try await client.call(.delete, "/api/v2/tickets/\(id)/summary", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/tickets/\(id)/summary", key: key).status == 404)
            #expect(try await client.call(.delete, "/api/v2/tickets/\(id)/summary", key: key).status == 404)
        }
    }
}
