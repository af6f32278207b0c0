import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// `POST /api/v2/tickets/export`: fields, format, status, priority, group and a time range; followed and downloaded
/// like Freshdesk's contact export; written and read in sealed chunks (an export of several pages is several chunks,
/// none in clear on disk); bad filters and other tenants' ids refused with the field named; links of another tenant,
/// forged or expired find nothing.
@Suite struct TicketExportAPITests {
    static func waitForCompletion(_ client: TestHTTPClient, _ id: String, key: String) async throws -> JSONObject {
        try await ExportPolling.completed(client, "/api/v2/tickets/export/\(id)", key: key)
    }

    static func export(_ client: TestHTTPClient, key: String, _ body: JSONObject) async throws -> (JSONObject, HTTPResult) {
        let queued = try await client.call(.post, "/api/v2/tickets/export", key: key, json: .object(body))
        #expect(queued.status == 202, "\(queued.text)")
        let id = try #require(queued.object?.string("id"))
        let done = try await Self.waitForCompletion(client, id, key: key)
        let file = try await client.call(.get, "/api/v2/tickets/export/\(id)/download", key: key)
        #expect(file.status == 200)
        return (done, file)
    }

    @Test func filtersAndRanges_selectTheTickets_andABigExportIsChunkedAndSealed() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, started in
            let alpha = server.tenants[0]
            let key = alpha.apiKey
            let admin = Principal.agent(alpha.agentID, role: .admin, apiKey: nil, tenant: alpha.tenant.id)
            var billing = GroupChanges()
            billing.name = "Billing"
            let group = try await CreateGroup(server.helpdesk)(billing, by: admin)
            let betaGroup = try await CreateGroup(server.helpdesk)(
                billing, by: .agent(server.tenants[1].agentID, role: .admin, apiKey: nil, tenant: server.tenants[1].tenant.id))
            // 1,050 tickets (three chunks of 500 rows); every 7th urgent and in Billing, every 5th resolved.
            for number in 0..<1_050 {
                var changes = TicketChanges()
                changes.subject = "Marker-subject-\(number) parcel"
                changes.description = "<p>Details \(number)</p>"
                changes.priority = number % 7 == 0 ? .urgent : .low
                changes.status = number % 5 == 0 ? .resolved : .open
                if number % 7 == 0 { changes.groupID = group.id }
                if number == 1_000 { server.clock.advance(seconds: 3 * 86_400) }
                _ = try await CreateTicket(server.helpdesk)(changes, for: .email("c\(number % 40)@customer.example", name: nil), by: admin)
            }
            let later = server.clock.now()
            // A connection of its own: the one opened at start idled past the server's request-head timeout (15 s)
            // while a loaded machine created the tickets above.
            let client = TestHTTPClient(port: started.port)
            defer { Task { await client.shutdown() } }

            // Everything, as CSV: a header and 1,050 rows, in three sealed chunks.
            let (all, allFile) = try await Self.export(client, key: key, ["fields": ["id", "subject", "requester_email"]])
            #expect(all.int("rows") == 1_050 && all.string("download_url")?.hasSuffix("/download") == true)
            let lines = allFile.text.split(separator: "\r\n")
            #expect(lines.count == 1_051 && lines.first == "id,subject,requester_email")
            #expect(lines.last?.contains("Marker-subject-1049 parcel,c9@customer.example") == true)
            let store = server.store
            let chunks = try await store.read { sql in
                try await sql.scalar("SELECT count(*) FROM export_chunks WHERE tenant_id = \(alpha.tenant.id)")
            }
            #expect(chunks == 3)

            // Status and priority and group: urgent Billing tickets still open (columns in the file's order, not the asked).
            let (narrow, narrowFile) = try await Self.export(
                client, key: key,
                ["fields": ["id", "priority", "status"], "status": [2], "priority": [4], "group_id": .int(group.id.rawValue)])
            let expected = (0..<1_050).filter { $0 % 7 == 0 && $0 % 5 != 0 }.count
            #expect(narrow.int("rows") == Int64(expected))
            #expect(narrowFile.text.split(separator: "\r\n").dropFirst().allSatisfy { $0.hasSuffix(",Open,Urgent") })

            // A time range over creation, as JSON: the 50 created three days later.
            let (ranged, rangedFile) = try await Self.export(
                client, key: key,
                [
                    "fields": ["default_fields": ["id", "created_at"]], "format": "json", "date_field": "created_at",
                    "from": .string(later.adding(seconds: -3_600).iso8601), "to": .string(later.adding(seconds: 3_600).iso8601),
                ])
            #expect(ranged.int("rows") == 50)
            #expect(rangedFile.array?.count == 50 && rangedFile.header("Content-Type")?.hasPrefix("application/json") == true)

            // Bad input names the field and queues nothing.
            let before = try await store.read { sql in
                try await sql.scalar("SELECT count(*) FROM jobs WHERE tenant_id = \(server.tenants[0].tenant.id)")
            }
            let bad: [(JSONObject, String)] = [
                (["fields": ["id"], "from": "2026-01-02T00:00:00Z", "to": "2026-01-01T00:00:00Z"], "to"),
                (["fields": ["id"], "from": "0001-01-01T00:00:00Z"], "from"),
                (["fields": ["id"], "from": .string(later.adding(seconds: 86_400).iso8601)], "from"),
                (["fields": ["id"], "from": "yesterday"], "from"),
                (["fields": ["id"], "status": [9]], "status"),
                (["fields": ["id"], "priority": ["high"]], "priority"),
                (["fields": ["id"], "date_field": "closed_at"], "date_field"),
                (["fields": ["id"], "group_id": .int(betaGroup.id.rawValue)], "group_id"),
                (["fields": ["id", "password"]], "fields"),
                (["fields": ["id"], "format": "xlsx"], "format"),
                (["fields": ["id"], "requester": "x"], "requester"),
                (["format": "csv"], "fields"),
            ]
            for (body, field) in bad {
                let refused = try await client.call(.post, "/api/v2/tickets/export", key: key, json: .object(body))
                #expect(refused.status == 400, "\(body): \(refused.status) \(refused.text)")
                let named = refused.object?["errors"]?.arrayValue?.compactMap { $0.objectValue?.string("field") } ?? []
                #expect(named.contains(field), "\(body): \(refused.text)")
            }
            #expect(
                try await store.read { sql in
                    try await sql.scalar("SELECT count(*) FROM jobs WHERE tenant_id = \(server.tenants[0].tenant.id)")
                } == before)

            // Nothing of the file is in clear on disk: not the subjects, not the requesters' addresses.
            #expect(try DataFiles.plaintext(["Marker-subject-1049", "c9@customer.example"], under: server.directory) == [])

            // Links: another tenant's key, a forged id, the contacts' path, then expiry.
            let id = try #require(all.string("id"))
            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/tickets/export/\(id)/download", key: beta).status == 404)
            #expect(
                try await client.call(.get, "/api/v2/tickets/export/\(String(repeating: "ab", count: 16))/download", key: key).status == 404
            )
            #expect(try await client.call(.get, "/api/v2/contacts/export/\(id)/download", key: key).status == 404)
            server.clock.advance(seconds: 24 * 3_600 + 1)
            #expect(try await client.call(.get, "/api/v2/tickets/export/\(id)/download", key: key).status == 404)
            _ = try await store.write { sql in try await store.exportFiles.deleteExpired(now: server.clock.now(), on: sql) }
            #expect(try await store.read { sql in try await sql.scalar("SELECT count(*) FROM export_chunks") } == 0)
        }
    }
}
