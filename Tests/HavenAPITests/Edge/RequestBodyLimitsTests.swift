import Foundation
import HTTPTypes
import HavenCore
import Testing

/// Hostile JSON bodies cost the server almost nothing: a limit stops them with a 400 that names it, nothing written.
@Suite struct RequestBodyLimitsTests {
    static func object(keys: Int, prefix: String = "k") -> JSONValue {
        .object(JSONObject((0..<keys).map { ("\(prefix)\($0)", JSONValue.int(Int64($0))) }))
    }

    @Test func bodiesWithThousandsOfKeys_get400NamingTheLimit_fast() async throws {
        try await TestServer.start(maxBodyBytes: 1_048_576) { server, client in
            let key = server.tenants[0].apiKey
            let before = try await server.rowCounts()
            let started = ContinuousClock.now
            // 16,000 keys took 6.5 s of CPU with the quadratic parser (the route's id does not even exist).
            let groups = try await client.call(.put, "/api/v2/groups/999999", key: key, json: Self.object(keys: 16_000))
            #expect(groups.status == 400)
            #expect(groups.object?.string("code") == "invalid_json")
            #expect(groups.object?.string("message")?.contains("limit: keys per object") == true, "\(groups.json ?? .null)")
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "x", "email": "a@b.example", "custom_fields": Self.object(keys: 1_001, prefix: "cf_")])
            #expect(ticket.status == 400 && ticket.object?.string("message")?.contains("keys per object") == true)
            let deep = try await client.call(
                .post, "/api/v2/tickets", key: key,
                rawBody: Array((String(repeating: "[", count: 40) + String(repeating: "]", count: 40)).utf8),
                contentType: "application/json")
            #expect(deep.status == 400 && deep.object?.string("message")?.contains("nesting depth") == true)
            let many = try await client.call(
                .post, "/api/v2/tickets", key: key,
                rawBody: Array(("{\"tags\":[" + Array(repeating: "1", count: 100_001).joined(separator: ",") + "]}").utf8),
                contentType: "application/json")
            #expect(many.status == 400 && many.object?.string("message")?.contains("values per document") == true)
            // Generous for a loaded debug build; the quadratic parser alone took 6.5 s on 16,000 keys in a release build.
            #expect(ContinuousClock.now - started < .seconds(10), "took \(ContinuousClock.now - started)")
            #expect(try await server.rowCounts() == before)
            // A body within the limits still works.
            let fine = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "ok", "email": "a@b.example", "description": "d", "status": 2, "priority": 1])
            #expect(fine.status == 201)
        }
    }
}
