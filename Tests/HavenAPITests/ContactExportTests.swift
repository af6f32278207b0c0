import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Contact exports through the API as python-freshdesk and Freshdesk's docs use them: queued, followed, downloaded
/// with the same key, for admins only, per tenant, for 24 hours; CSV cells never run as formulas.
@Suite struct ContactExportTests {
    static func waitForCompletion(_ client: TestHTTPClient, _ id: String, key: String) async throws -> JSONObject {
        for _ in 0..<200 {
            let status = try await client.call(.get, "/api/v2/contacts/export/\(id)", key: key)
            if let object = status.object, object.string("status") == "completed" { return object }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw HavenError.internalFailure("the export did not complete")
    }

    @Test func anExport_isQueuedFollowedAndDownloaded_asCSVOrJSON_thenExpires() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            for (name, email) in [
                ("Ada Contact", "ada@customer.example"), ("=HYPERLINK(\"http://evil\")", "eve@customer.example"),
                ("Bo, \"the\" Second", "bo@customer.example"),
            ] {
                let created = try await client.call(
                    .post, "/api/v2/contacts", key: key, json: ["name": .string(name), "email": .string(email)])
                #expect(created.status == 201)
            }
            // Bad requests are named and queue nothing.
            let unknown = try await client.call(
                .post, "/api/v2/contacts/export", key: key, json: ["fields": ["default_fields": ["name", "password"]]])
            #expect(unknown.status == 400 && unknown.text.contains("password"))
            let badFormat = try await client.call(
                .post, "/api/v2/contacts/export", key: key, json: ["fields": ["default_fields": ["name"]], "format": "xlsx"])
            #expect(badFormat.status == 400 && badFormat.text.contains("format"))

            let queued = try await client.call(
                .post, "/api/v2/contacts/export", key: key,
                json: ["fields": ["default_fields": ["name", "email"], "custom_fields": []]])
            #expect(queued.status == 202)
            let id = try #require(queued.object?.string("id"))
            let done = try await Self.waitForCompletion(client, id, key: key)
            #expect(done.int("rows") == 3)
            let link = try #require(done.string("download_url"))
            #expect(link.hasSuffix("/api/v2/contacts/export/\(id)/download"))
            let file = try await client.call(.get, "/api/v2/contacts/export/\(id)/download", key: key)
            #expect(file.status == 200)
            #expect(file.header("Content-Disposition")?.hasPrefix("attachment; filename=\"contacts-") == true)
            #expect(file.header("Content-Type")?.hasPrefix("text/csv") == true)
            let lines = file.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "name,email")
            #expect(lines.contains("Ada Contact,ada@customer.example"))
            #expect(lines.contains("\"'=HYPERLINK(\"\"http://evil\"\")\",eve@customer.example"), "a formula is neutralized: \(lines)")
            #expect(lines.contains("\"Bo, \"\"the\"\" Second\",bo@customer.example"))

            // Another tenant's key finds nothing; a plain agent may not export.
            #expect(try await client.call(.get, "/api/v2/contacts/export/\(id)", key: server.tenants[1].apiKey).status == 404)
            #expect(try await client.call(.get, "/api/v2/contacts/export/\(id)/download", key: server.tenants[1].apiKey).status == 404)
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            #expect(try await client.call(.get, "/api/v2/contacts/export/\(id)", key: plain.apiKey).status == 403)

            // JSON, with ids and dates typed.
            let asJSON = try await client.call(
                .post, "/api/v2/contacts/export", key: key,
                json: ["fields": ["default_fields": ["id", "name", "created_at"]], "format": "json"])
            let jsonID = try #require(asJSON.object?.string("id"))
            _ = try await Self.waitForCompletion(client, jsonID, key: key)
            let json = try await client.call(.get, "/api/v2/contacts/export/\(jsonID)/download", key: key)
            let rows = json.array?.compactMap(\.objectValue) ?? []
            #expect(rows.count == 3 && rows.allSatisfy { $0.int("id") != nil && $0.string("created_at") != nil })

            // The file is sealed at rest: no contact's name is in the database file in clear.
            let database = try Data(contentsOf: URL(fileURLWithPath: server.directory + "/haven.sqlite"))
            #expect(database.range(of: Data("ada@customer.example".utf8)) == nil)

            // 24 hours later the link is gone and the sweep deletes the file.
            server.clock.advance(seconds: 24 * 3_600 + 1)
            #expect(try await client.call(.get, "/api/v2/contacts/export/\(id)/download", key: key).status == 404)
            let store = server.store
            let swept = try await store.write { sql in try await store.exportFiles.deleteExpired(now: server.clock.now(), on: sql) }
            #expect(swept == 2)
            let actions = try await store.read { sql in
                try await store.auditEntries.entries(server.tenants[0].tenant.id, afterSeq: 0, limit: 1_000, on: sql)
            }.map(\.action)
            #expect(actions.filter { $0 == "contact.export_requested" }.count == 2)
            #expect(actions.filter { $0 == "export.downloaded" }.count == 2)
        }
    }
}
