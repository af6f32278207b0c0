import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Testing

/// Contact exports through the API as python-freshdesk and Freshdesk's docs use them: queued, followed, downloaded
/// with the same key, for admins only, per tenant, for 24 hours; CSV cells never run as formulas.
@Suite struct ContactExportTests {
    static func waitForCompletion(_ client: TestHTTPClient, _ id: String, key: String) async throws -> JSONObject {
        try await ExportPolling.completed(client, "/api/v2/contacts/export/\(id)", key: key)
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

            // The file is sealed at rest: no contact's address is in the database's files in clear.
            #expect(try DataFiles.plaintext(["ada@customer.example"], under: server.directory) == [])

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

    /// python-freshdesk 1.3.9 (the newest on PyPI) has no export method, so an integrator calls the endpoints through
    /// its own API object — its session, authentication, JSON and error mapping — as Freshdesk's documentation shows.
    @Test(.enabled(if: APIAttachmentTests.pythonFreshdeskInstalled, "needs python-freshdesk (scripts/test installs it)"))
    func pythonFreshdesk_exportsContacts_throughItsOwnSession() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            for (name, email) in [("Ada Contact", "ada@customer.example"), ("Bo Second", "bo@customer.example")] {
                _ = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": .string(name), "email": .string(email)])
            }
            let script = """
                import json, sys, time
                from freshdesk.v2.api import API
                from freshdesk.v2.errors import FreshdeskBadRequest
                api = API('alpha.freshdesk.com', sys.argv[1])
                api._api_prefix = 'http://127.0.0.1:%s/api/v2/' % sys.argv[2]
                try:
                    api._post('contacts/export', data=json.dumps({'fields': {'default_fields': ['name', 'password']}}))
                    refused = None
                except FreshdeskBadRequest as e:
                    refused = str(e)
                job = api._post('contacts/export', data=json.dumps({'fields': {'default_fields': ['name', 'email'], 'custom_fields': []}}))
                for _ in range(200):
                    status = api._get('contacts/export/%s' % job['id'])
                    if status['status'] == 'completed':
                        break
                    time.sleep(0.05)
                csv = api._session.get(status['download_url']).text
                print(json.dumps({'refused': refused, 'status': status['status'], 'csv': csv}))
                """
            let run = try await ChildProcess("/usr/bin/env", ["python3", "-c", script, key, String(client.port)]).finished()
            try #require(run.status == 0, "\(run.stderr.suffix(1500))")
            let result = try #require(try JSONParser.parse(Array(run.stdout.utf8)).objectValue)
            #expect(result.string("refused")?.contains("password") == true, "\(result)")
            #expect(result.string("status") == "completed")
            #expect(result.string("csv") == "name,email\r\nAda Contact,ada@customer.example\r\nBo Second,bo@customer.example\r\n")
        }
    }

    /// `HAVEN_EXPORT_HOURS`: the deployment chooses how long files are kept.
    @Test func theFileLastsAsLongAsTheDeploymentSays() async throws {
        let twoHours: @Sendable (inout ServerConfiguration) -> Void = { $0.exportHours = 2 }
        try await TestServer.start(configure: twoHours) { server, client in
            let key = server.tenants[0].apiKey
            let queued = try await client.call(.post, "/api/v2/contacts/export", key: key, json: ["fields": ["default_fields": ["name"]]])
            let id = try #require(queued.object?.string("id"))
            let done = try await Self.waitForCompletion(client, id, key: key)
            #expect(done.string("expires_at") == server.clock.now().adding(seconds: 2 * 3_600).iso8601)
            server.clock.advance(seconds: 2 * 3_600 - 1)
            #expect(try await client.call(.get, "/api/v2/contacts/export/\(id)/download", key: key).status == 200)
            server.clock.advance(seconds: 2)
            #expect(try await client.call(.get, "/api/v2/contacts/export/\(id)/download", key: key).status == 404)
        }
        #expect(try ServerConfiguration.load(flags: .init(), environment: ["HAVEN_EXPORT_HOURS": "6"]).exportHours == 6)
        do {
            _ = try ServerConfiguration.load(flags: .init(), environment: ["HAVEN_EXPORT_HOURS": "500"])
            Issue.record("500 hours was accepted")
        } catch HavenError.usage(let message) {
            #expect(message.contains("HAVEN_EXPORT_HOURS"), "\(message)")
        }
    }
}
