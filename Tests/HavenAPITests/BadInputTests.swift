import Foundation
import HTTPTypes
import HavenCore
import Testing

/// Bad input gets Freshdesk's error shapes naming the problem, never a 500, and changes nothing.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let method: HTTPMethodName
        let path: String
        var json: JSONValue? = nil
        var raw: [UInt8]? = nil
        var contentType: String? = nil
        var headers: [(String, String)] = []
        let status: Int
        /// Expected `errors[].field` with `errors[].code`, or the top-level `code`.
        var field: (String, String)? = nil
        var code: String? = nil

        var description: String { self.name }
    }

    enum HTTPMethodName: Sendable { case get, post, put, delete }

    static let cases: [Case] = [
        Case(
            name: "malformed JSON", method: .post, path: "/api/v2/tickets", raw: Array(#"{"subject": "x",,}"#.utf8),
            contentType: "application/json", status: 400, code: "invalid_json"),
        Case(
            name: "JSON array body", method: .post, path: "/api/v2/tickets", raw: Array("[1,2]".utf8), contentType: "application/json",
            status: 400, code: "invalid_json"),
        Case(
            name: "invalid UTF-8 body", method: .post, path: "/api/v2/contacts",
            raw: [0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D], contentType: "application/json",
            status: 400, code: "invalid_json"),
        Case(
            name: "deeply nested JSON", method: .post, path: "/api/v2/tickets",
            raw: Array((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8), contentType: "application/json",
            status: 400, code: "invalid_json"),
        Case(
            name: "wrong type", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "email": "a@b.co", "priority": "high"],
            status: 400, field: ("priority", "datatype_mismatch")),
        Case(
            name: "string for an array", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "email": "a@b.co", "tags": "vip"],
            status: 400, field: ("tags", "datatype_mismatch")),
        Case(
            name: "unknown field", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "email": "a@b.co", "colour": "red"],
            status: 400, field: ("colour", "invalid_field")),
        Case(
            name: "invalid status", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "email": "a@b.co", "status": 9],
            status: 400, field: ("status", "invalid_value")),
        Case(
            name: "invalid source", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "email": "a@b.co", "source": 4],
            status: 400, field: ("source", "invalid_value")),
        Case(
            name: "invalid ticket type", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "email": "a@b.co", "type": "Nope"],
            status: 400, field: ("type", "invalid_value")),
        Case(
            name: "no requester", method: .post, path: "/api/v2/tickets", json: ["subject": "x"], status: 400,
            field: ("requester_id", "missing_field")),
        Case(
            name: "unknown requester", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "requester_id": 999_999], status: 400,
            field: ("requester_id", "invalid_value")),
        Case(
            name: "bad e-mail", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "email": "not an email"], status: 400,
            field: ("email", "invalid_value")),
        Case(
            name: "unknown responder", method: .post, path: "/api/v2/tickets",
            json: ["subject": "x", "email": "a@b.co", "responder_id": 424_242], status: 400, field: ("responder_id", "invalid_value")),
        Case(
            name: "bad due_by", method: .post, path: "/api/v2/tickets", json: ["subject": "x", "email": "a@b.co", "due_by": "tomorrow"],
            status: 400, field: ("due_by", "invalid_value")),
        Case(
            name: "unknown custom field", method: .post, path: "/api/v2/tickets",
            json: ["subject": "x", "email": "a@b.co", "custom_fields": ["cf_nope": 1]], status: 400, field: ("cf_nope", "invalid_field")),
        Case(
            name: "subject too long", method: .post, path: "/api/v2/tickets",
            json: ["subject": .string(String(repeating: "s", count: 256)), "email": "a@b.co"], status: 400,
            field: ("subject", "invalid_value")),
        Case(
            name: "contact without name", method: .post, path: "/api/v2/contacts", json: ["email": "n@b.co"], status: 400,
            field: ("name", "missing_field")),
        Case(
            name: "contact without identifier", method: .post, path: "/api/v2/contacts", json: ["name": "Nobody"], status: 400,
            field: ("email", "missing_field")),
        Case(
            name: "company without name", method: .post, path: "/api/v2/companies", json: ["note": "x"], status: 400,
            field: ("name", "missing_field")),
        Case(
            name: "reply without body", method: .post, path: "/api/v2/tickets/1/reply", json: [:], status: 400,
            field: ("body", "missing_field")),
        Case(
            name: "text/plain body", method: .post, path: "/api/v2/tickets", raw: Array("subject=x".utf8), contentType: "text/plain",
            status: 415, code: "invalid_content_type"),
        Case(
            name: "form body", method: .post, path: "/api/v2/tickets", raw: Array("subject=x".utf8),
            contentType: "application/x-www-form-urlencoded", status: 415, code: "invalid_content_type"),
        Case(name: "Accept: text/html", method: .get, path: "/api/v2/tickets", headers: [("Accept", "text/html")], status: 406),
        Case(name: "wrong verb", method: .put, path: "/api/v2/tickets", json: [:], status: 405),
        Case(
            name: "unknown query parameter", method: .get, path: "/api/v2/tickets?colour=red", status: 400,
            field: ("colour", "invalid_field")),
        Case(
            name: "per_page over 100", method: .get, path: "/api/v2/tickets?per_page=101", status: 400, field: ("per_page", "invalid_value")
        ),
        Case(
            name: "per_page not a number", method: .get, path: "/api/v2/tickets?per_page=ten", status: 400,
            field: ("per_page", "datatype_mismatch")),
        Case(name: "page zero", method: .get, path: "/api/v2/contacts?page=0", status: 400, field: ("page", "invalid_value")),
        Case(
            name: "bad order_by", method: .get, path: "/api/v2/tickets?order_by=subject", status: 400, field: ("order_by", "invalid_value")),
        Case(name: "bad filter", method: .get, path: "/api/v2/tickets?filter=all", status: 400, field: ("filter", "invalid_value")),
        Case(
            name: "bad updated_since", method: .get, path: "/api/v2/tickets?updated_since=yesterday", status: 400,
            field: ("updated_since", "invalid_value")),
        Case(
            name: "bad include", method: .get, path: "/api/v2/tickets/1?include=everything", status: 400,
            field: ("include", "invalid_value")),
        Case(
            name: "invalid UTF-8 in the query", method: .get, path: "/api/v2/contacts?email=%FF%FE", status: 400,
            field: ("email", "invalid_value")),
        Case(
            name: "broken percent escape", method: .get, path: "/api/v2/contacts?email=%G1", status: 400, field: ("email", "invalid_value")),
        Case(name: "bad contact state", method: .get, path: "/api/v2/contacts?state=gone", status: 400, field: ("state", "invalid_value")),
        Case(
            name: "unquoted search", method: .get, path: "/api/v2/search/tickets?query=priority:1", status: 400,
            field: ("query", "invalid_value")),
        Case(
            name: "search missing operator", method: .get, path: "/api/v2/search/tickets?query=%22priority:1%20status:2%22", status: 400,
            field: ("query", "invalid_value")),
        Case(
            name: "search unknown field", method: .get, path: "/api/v2/search/tickets?query=%22colour:'red'%22", status: 400,
            field: ("colour", "invalid_field")),
        Case(
            name: "search bad enum", method: .get, path: "/api/v2/search/tickets?query=%22priority:9%22", status: 400,
            field: ("priority", "invalid_value")),
        Case(
            name: "search string for number", method: .get, path: "/api/v2/search/tickets?query=%22priority:'high'%22", status: 400,
            field: ("priority", "datatype_mismatch")),
        Case(
            name: "search bad date", method: .get, path: "/api/v2/search/tickets?query=%22created_at:'01/02/2020'%22", status: 400,
            field: ("created_at", "invalid_value")),
        Case(
            name: "search page 11", method: .get, path: "/api/v2/search/tickets?query=%22priority:1%22&page=11", status: 400,
            field: ("page", "invalid_value")),
        Case(
            name: "search per_page", method: .get, path: "/api/v2/search/tickets?query=%22priority:1%22&per_page=30", status: 400,
            field: ("per_page", "invalid_field")),
        Case(
            name: "search too long", method: .get, path: "/api/v2/search/tickets?query=%22" + String(repeating: "a", count: 513) + "%22",
            status: 400, field: ("query", "invalid_value")),
        Case(
            name: "search unclosed parenthesis", method: .get, path: "/api/v2/search/tickets?query=%22(priority:1%22", status: 400,
            field: ("query", "invalid_value")),
        Case(
            name: "hard_delete force not boolean", method: .delete, path: "/api/v2/contacts/1/hard_delete?force=maybe", status: 400,
            field: ("force", "datatype_mismatch")),
        Case(
            name: "bulk delete with strings", method: .post, path: "/api/v2/tickets/bulk_delete", json: ["bulk_action": ["ids": ["1"]]],
            status: 400, field: ("bulk_action[ids]", "invalid_value")),
        Case(
            name: "agent without ticket_scope", method: .post, path: "/api/v2/agents", json: ["email": "new@alpha.example"], status: 400,
            field: ("ticket_scope", "missing_field")),
        Case(
            name: "agent with two roles", method: .post, path: "/api/v2/agents",
            json: ["email": "new@alpha.example", "ticket_scope": 1, "role_ids": [1, 2]], status: 400, field: ("role_ids", "invalid_value")),
        Case(
            name: "audit log: a date that is not one", method: .get, path: "/api/v2/audit_log?since=yesterday", status: 400,
            field: ("since", "invalid_value")),
        Case(
            name: "audit log: month 13", method: .get, path: "/api/v2/audit_log?until=2024-13-01", status: 400,
            field: ("until", "invalid_value")),
        Case(
            name: "audit log: until before since", method: .get, path: "/api/v2/audit_log?since=2024-05-02&until=2024-05-01",
            status: 400, field: ("until", "invalid_value")),
        Case(
            name: "audit log: unknown filter", method: .get, path: "/api/v2/audit_log?user=1", status: 400,
            field: ("user", "invalid_field")),
        Case(
            name: "audit log: actor neither id nor type", method: .get, path: "/api/v2/audit_log?actor=bob", status: 400,
            field: ("actor", "invalid_value")),
        Case(
            name: "audit log: action with bad characters", method: .get, path: "/api/v2/audit_log?action=Ticket%20Created",
            status: 400, field: ("action", "invalid_value")),
        Case(
            name: "audit log: empty target id", method: .get, path: "/api/v2/audit_log?target_type=ticket&target_id=", status: 400,
            field: ("target_id", "invalid_value")),
        Case(name: "audit log: page 0", method: .get, path: "/api/v2/audit_log?page=0", status: 400, field: ("page", "invalid_value")),
        Case(
            name: "audit log: per_page over 100", method: .get, path: "/api/v2/audit_log?per_page=101", status: 400,
            field: ("per_page", "invalid_value")),
        Case(
            name: "audit log: page past the end", method: .get, path: "/api/v2/audit_log?page=40", status: 400,
            field: ("page", "invalid_value")),
        Case(name: "non-numeric id", method: .get, path: "/api/v2/tickets/abc", status: 404),
        Case(name: "unknown path", method: .get, path: "/api/v2/nothing", status: 404),
    ]

    @Test(arguments: Self.cases)
    func badInput_getsTheSpecificErrorAndChangesNothing(_ c: Case) async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let key = server.tenants[0].apiKey
            // One ticket and contact exist so id-based routes reach their validation.
            let seeded = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "seed", "email": "seed@alpha.example"])
            #expect(seeded.status == 201)
            let before = try await server.rowCounts()
            let method: HTTPRequest.Method =
                switch c.method {
                case .get: .get
                case .post: .post
                case .put: .put
                case .delete: .delete
                }
            let response = try await client.call(
                method, c.path, key: key, json: c.json, rawBody: c.raw, contentType: c.contentType, headers: c.headers
            )
            #expect(response.status == c.status, "\(c.name): \(response.status) \(response.text.prefix(300))")
            if let (field, code) = c.field {
                #expect(response.object?.string("description") == "Validation failed", "\(c.name): \(response.text.prefix(300))")
                #expect(response.hasFieldError(field, code), "\(c.name): \(response.text.prefix(300))")
            }
            if let code = c.code {
                #expect(response.object?.string("code") == code, "\(c.name): \(response.text.prefix(300))")
            }
            if c.status == 405 {
                #expect(response.header("Allow")?.contains("GET") == true)
            }
            #expect(try await server.rowCounts() == before, "\(c.name) changed rows")
        }
    }

    @Test func oversizedBody_gets413AndChangesNothing() async throws {
        try await TestServer.start(tenants: ["alpha"], maxBodyBytes: 4096) { server, client in
            let before = try await server.rowCounts()
            let big: JSONValue = ["subject": "x", "email": "a@b.co", "description": .string(String(repeating: "d", count: 10_000))]
            let response = try await client.call(.post, "/api/v2/tickets", key: server.tenants[0].apiKey, json: big)
            #expect(response.status == 413)
            #expect(response.object?.string("code") != nil)
            #expect(try await server.rowCounts() == before)
        }
    }

    @Test func credentials_areCheckedLikeFreshdesk() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let key = server.tenants[0].apiKey
            let expected: JSONValue = ["code": "invalid_credentials", "message": "You have to be logged in to perform this action."]
            for response in [
                try await client.call(.get, "/api/v2/tickets", key: nil),
                try await client.call(.get, "/api/v2/tickets", key: "wrong-key"),
                try await client.call(.get, "/api/v2/tickets", key: key, host: "unknown.localhost"),
                try await client.call(.get, "/api/v2/tickets", key: nil, headers: [("Authorization", "Basic !!!notbase64")]),
                try await client.call(.get, "/api/v2/tickets", key: nil, headers: [("Authorization", "Bearer \(key)")]),
            ] {
                #expect(response.status == 401)
                #expect(response.json == expected)
            }
            // Any password, including none, with the key as the username; the tenant's own host works too.
            for password in ["X", "", "unused_with_api_key", "dummy"] {
                #expect(try await client.call(.get, "/api/v2/tickets", key: key, password: password).status == 200)
            }
            #expect(try await client.call(.get, "/api/v2/tickets", key: key, host: "alpha.localhost:8080").status == 200)
            // python-freshdesk: JSON content type on a GET with no body, no Accept header, trailing slash, repeated keys.
            let tolerant = try await client.call(
                .get, "/api/v2/tickets/?page=1&per_page=1&page=1&per_page=1", key: key, contentType: "application/json"
            )
            #expect(tolerant.status == 200)
        }
    }

    @Test func rateLimit_answers429WithRetryAfter() async throws {
        try await TestServer.start(tenants: ["alpha"], rateLimit: 3) { server, client in
            let key = server.tenants[0].apiKey
            for remaining in [2, 1, 0] {
                let response = try await client.call(.get, "/api/v2/tickets", key: key)
                #expect(response.status == 200)
                #expect(response.header("X-RateLimit-Remaining") == String(remaining))
                #expect(response.header("X-RateLimit-Total") == "3")
            }
            let limited = try await client.call(.get, "/api/v2/tickets", key: key)
            #expect(limited.status == 429)
            let retry = try #require(limited.header("Retry-After").flatMap(Int.init))
            #expect((1...60).contains(retry))
            server.clock.advance(seconds: 60)
            #expect(try await client.call(.get, "/api/v2/tickets", key: key).status == 200)
        }
    }
}

/// Filter values are bound, never spliced into SQL: hostile values match nothing and never fail.
@Suite struct HostileFilterTests {
    @Test func everyListFilter_treatsHostileValuesAsPlainValues() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let key = server.tenants[0].apiKey
            _ = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "Ann", "email": "ann@x.example", "phone": "123"])
            _ = try await client.call(.post, "/api/v2/tickets", key: key, json: ["subject": "t", "email": "ann@x.example"])
            let hostile = ["x' OR '1'='1", "1 OR 1=1", "1); DROP TABLE tickets; --", "%27%20OR%201=1--", "\\", "%00"]
            for value in hostile {
                let encoded = value.addingFormEncoding
                for path in [
                    "/api/v2/contacts?email=\(encoded)", "/api/v2/contacts?phone=\(encoded)", "/api/v2/contacts?mobile=\(encoded)",
                    "/api/v2/agents?email=\(encoded)", "/api/v2/agents?phone=\(encoded)", "/api/v2/tickets?email=\(encoded)",
                    "/api/v2/tickets?unique_external_id=\(encoded)", "/api/v2/contacts/autocomplete?term=\(encoded)",
                    "/api/v2/companies/autocomplete?name=\(encoded)",
                    "/api/v2/search/contacts?query=" + "\"email:'\(value.replacingOccurrences(of: "'", with: ""))'\"".addingFormEncoding,
                ] {
                    let response = try await client.call(.get, path, key: key)
                    #expect(response.status == 200, "\(path): \(response.status) \(response.text.prefix(200))")
                    let items = response.array ?? response.object?["companies"]?.arrayValue ?? response.object?["results"]?.arrayValue
                    #expect(items?.isEmpty == true, "\(path) matched \(response.text.prefix(200))")
                }
            }
            // Valid values of every filter work (no 500 on any of them).
            for path in [
                "/api/v2/tickets?updated_since=2024-05-01T10:00:00Z&company_id=1&requester_id=1",
                "/api/v2/contacts?updated_since=2024-05-01",
                "/api/v2/contacts?_updated_since=2024-05-01&company_id=3&state=verified",
                "/api/v2/companies?updated_since=2024-05-01T10:00Z",
                "/api/v2/agents?state=fulltime&mobile=1", "/api/v2/ticket_fields?type=custom_text", "/api/v2/contacts?contact_type=visitor",
            ] {
                let response = try await client.call(.get, path, key: key)
                #expect(response.status == 200, "\(path): \(response.status) \(response.text.prefix(200))")
            }
            #expect(try await client.call(.get, "/api/v2/tickets", key: key).array?.count == 1)
        }
    }
}
