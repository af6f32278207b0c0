import Foundation
import HTTPTypes
import HavenCore
import HavenStore
import Testing

/// Application logs carry no personal data and no secrets: the end-to-end walks run with every logger at trace level
/// into one capture, then the capture is searched for every personal value and key they sent.
@Suite("Log scan")
struct LogScanTests {
    @Test func noPersonalValueOrSecretReachesTheLogs() async throws {
        let handler = CapturingLogHandler()
        let sent = try await TestServer.start(tenants: ["alpha"], logHandler: handler) { server, client -> [String] in
            var sent = AuditCoverageTests.personalValues
            let key = server.tenants[0].apiKey
            sent.append(key)
            // Every writing route, with its audit checks.
            try await AuditCoverageTests.walkEveryWritingRoute(server, client)

            // Personal values in paths and queries: filters, autocomplete, search, lookups that find nothing.
            let person = "Zelda Quartermain"
            let email = "zelda.quartermain@alpha.example"
            let phone = "+4915112345678"
            sent += [person, email, phone, "Quartermain"]
            let created = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": "Quartermain invoice", "description": "Zelda's IBAN question", "email": .string(email),
                    "phone": .string(phone), "name": .string(person),
                ]
            )
            #expect(created.status == 201)
            sent += ["Quartermain invoice", "Zelda's IBAN question"]
            for path in [
                "/api/v2/contacts?email=\(email)", "/api/v2/contacts?phone=%2B4915112345678", "/api/v2/contacts/autocomplete?term=Zelda",
                "/api/v2/tickets?email=\(email)", "/api/v2/search/contacts?query=%22email:'\(email)'%22",
                "/api/v2/search/tickets?query=%22text:'Quartermain'%22", "/api/v2/tickets?email=nobody.quartermain@alpha.example",
                "/api/v2/contacts/\(email)",
            ] {
                let response: HTTPResult
                do { response = try await client.call(.get, path, key: key) } catch {
                    Issue.record("\(path): \(error)")
                    continue
                }
                #expect([200, 404].contains(response.status), "\(path): \(response.status)")
            }
            // Rejected requests carrying personal values and wrong keys.
            let wrongKey = "WRONGkeyQuartermain000000000"
            sent.append(wrongKey)
            _ = try await client.call(.get, "/api/v2/tickets?email=\(email)", key: wrongKey, host: "alpha.localhost")
            _ = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": .string(person), "email": .string(email)])
            _ = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": .string(person), "email": "not-an-email"])
            _ = try await client.call(
                .post, "/api/v2/tickets", key: key, rawBody: Array("{\"subject\": \"\(person)\",,}".utf8), contentType: "application/json")
            _ = try await client.call(.get, "/api/v2/search/tickets?query=%22(subject:'Zelda%20Quartermain'%22", key: key)
            try await server.flushSecurityEvents()
            return sent
        }
        let lines = handler.all
        #expect(lines.count > 10, "the capture saw almost nothing: \(lines)")
        let text = lines.joined(separator: "\n")
        for value in sent {
            for form in Set([value, value.lowercased(), value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value]) {
                #expect(!text.contains(form), "a log line holds \(form): \(lines.filter { $0.contains(form) }.prefix(3))")
            }
        }
        // Request lines name the route pattern, never the raw path.
        #expect(lines.contains { $0.contains("GET /contacts/autocomplete") })
        #expect(!lines.contains { $0.contains("/api/v2/contacts?") })
    }
}
