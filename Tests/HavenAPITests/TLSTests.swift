import Foundation
import HTTPTypes
import HavenCore
import HavenServer
import HavenStore
import HavenTLS
import NIOSSL
import Testing

/// HTTPS end to end: protocol floor, the Freshdesk TLS compatibility answer, per-SNI certificates swapped while
/// serving, the HTTP listener's redirect, and security headers on every answer.
@Suite struct TLSTests {
    @Test func tls12_unauthenticatedCall_gets401InvalidCredentials() async throws {
        try await TLSTestServer.start { server in
            let client = server.client(maximum: .tlsv12)
            let response = try await client.call(.get, "/api/v2/tickets", key: nil)
            await client.shutdown()
            #expect(response.status == 401)
            #expect(response.json == ["code": "invalid_credentials", "message": "You have to be logged in to perform this action."])
            let tls13 = server.client(minimum: .tlsv13)
            #expect(try await tls13.call(.get, "/api/v2/tickets", key: server.apiKey).status == 200)
            await tls13.shutdown()
        }
    }

    @Test func policy_setsTheFloorAndOnlyAEADSuitesForTLS12() throws {
        let identity = try TLSTestServer.makeIdentity(for: "policy.test").identity
        let store = CertificateStore(defaultIdentity: identity)
        let tls12 = TLSPolicy.serverConfiguration(store: store, minimumVersion: .tls12)
        #expect(tls12.minimumTLSVersion == .tlsv12)
        #expect(tls12.maximumTLSVersion == .tlsv13)
        #expect(tls12.applicationProtocols == ["http/1.1"])
        let suites = tls12.cipherSuites.split(separator: ":")
        #expect(suites.allSatisfy { $0.hasPrefix("ECDHE-") && ($0.contains("GCM") || $0.contains("CHACHA20-POLY1305")) })
        #expect(TLSPolicy.serverConfiguration(store: store, minimumVersion: .tls13).minimumTLSVersion == .tlsv13)
    }

    @Test func tls10And11_areRefusedAtTheHandshake() async throws {
        try await TLSTestServer.start { server in
            for version in [TLSVersion.tlsv1, .tlsv11] {
                let client = server.client(minimum: version, maximum: version)
                await #expect(throws: (any Error).self) {
                    _ = try await client.call(.get, "/api/v2/tickets", key: nil)
                }
                await client.shutdown()
            }
            // Still serving afterwards.
            let client = server.client()
            let health = try await client.call(.get, "/healthz", key: nil)
            #expect(health.status == 200)
            await client.shutdown()
        }
    }

    @Test func certificatesAreChosenBySNI_andReplacedWithoutRestart() async throws {
        try await TLSTestServer.start { server in
            let one = try TLSTestServer.makeIdentity(for: "one.test")
            let two = try TLSTestServer.makeIdentity(for: "two.test")
            server.server.certificates.set(one.identity, for: "one.test")
            server.server.certificates.set(two.identity, for: "two.test")

            func status(_ roots: [NIOSSLCertificate], _ name: String) async -> Int? {
                let client = server.client(trusting: roots, serverName: name)
                defer { Task { await client.shutdown() } }
                return try? await client.call(.get, "/api/v2/agents/me", key: server.apiKey).status
            }
            #expect(await status([one.ca], "one.test") == 200)
            #expect(await status([two.ca], "two.test") == 200)
            #expect(await status([one.ca], "two.test") == nil, "two.test was served one.test's certificate")
            #expect(await status([two.ca], "one.test") == nil, "one.test was served two.test's certificate")
            // Unknown names get the default certificate.
            #expect(await status([server.caCertificate], "localhost") == 200)
            #expect(await status([one.ca], "unknown.test") == nil)

            // A connection opened before the swap keeps working; new connections get the new certificate.
            let before = server.client(trusting: [one.ca], serverName: "one.test")
            #expect(try await before.call(.get, "/api/v2/agents/me", key: server.apiKey).status == 200)
            let renewed = try TLSTestServer.makeIdentity(for: "one.test")
            server.server.certificates.set(renewed.identity, for: "one.test")
            #expect(try await before.call(.get, "/api/v2/agents/me", key: server.apiKey).status == 200)
            await before.shutdown()
            #expect(await status([renewed.ca], "one.test") == 200)
            #expect(await status([one.ca], "one.test") == nil)

            let counts = server.server.certificates.counts
            #expect((counts.byName["one.test"] ?? 0) >= 4)
            #expect((counts.byName["two.test"] ?? 0) >= 2)
            #expect(counts.defaultForUnknownName >= 2)
        }
    }

    @Test func plainHTTP_redirectsToHTTPSKeepingPathAndQuery() async throws {
        try await TLSTestServer.start { server in
            let http = TestHTTPClient(port: server.httpPort)
            let redirected = try await http.call(
                .get, "/api/v2/tickets?per_page=2&page=1", key: server.apiKey, host: "alpha.localhost:8080")
            #expect(redirected.status == 308)
            #expect(redirected.header("Location") == "https://alpha.localhost:\(server.httpsPort)/api/v2/tickets?per_page=2&page=1")
            let post = try await http.call(.post, "/api/v2/tickets", key: server.apiKey, json: ["subject": "x"], host: "localhost")
            #expect(post.status == 308)
            #expect(post.header("Location") == "https://localhost:\(server.httpsPort)/api/v2/tickets")
            #expect(try await http.call(.get, "/healthz", key: nil).status == 200)
            #expect(try await http.call(.get, "/.well-known/acme-challenge/abc", key: nil).status == 404)
            let injected = try await http.call(.get, "/x", key: nil, host: "evil.example\r\nX: y")
            #expect(injected.status == 400 || injected.status == 308 && injected.header("Location")?.contains("\r") == false)
            #expect(try await http.call(.get, "/x", key: nil, host: "bad host!").status == 400)
            await http.shutdown()
            #expect(try await Self.countTickets(server) == 0)
        }
    }

    @Test func loopbackDevelopmentSwitch_servesTheAPIOverPlainHTTP() async throws {
        try await TLSTestServer.start(apiOnLoopback: true) { server in
            let http = TestHTTPClient(port: server.httpPort)
            let response = try await http.call(.get, "/api/v2/agents/me", key: server.apiKey)
            #expect(response.status == 200)
            #expect(response.header("Strict-Transport-Security") == nil)
            #expect(try await http.call(.get, "/", key: nil).status == 308)
            await http.shutdown()
        }
    }

    @Test func everyHTTPSAnswer_carriesTheSecurityHeaders() async throws {
        try await TLSTestServer.start { server in
            let client = server.client()
            let key = server.apiKey
            let responses: [(String, HTTPResult)] = [
                ("200", try await client.call(.get, "/api/v2/tickets", key: key)),
                ("201", try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "N", "email": "n@x.example"])),
                ("204", try await client.call(.delete, "/api/v2/contacts/2", key: key)),
                ("400", try await client.call(.get, "/api/v2/tickets?colour=red", key: key)),
                ("401", try await client.call(.get, "/api/v2/tickets", key: "nope")),
                ("404", try await client.call(.get, "/api/v2/tickets/42", key: key)),
                ("405", try await client.call(.put, "/api/v2/tickets", key: key, json: [:])),
                ("406", try await client.call(.get, "/api/v2/tickets", key: key, headers: [("Accept", "text/html")])),
                (
                    "413",
                    try await client.call(
                        .post, "/api/v2/tickets", key: key, json: ["description": .string(String(repeating: "x", count: 8000))])
                ),
                ("415", try await client.call(.post, "/api/v2/tickets", key: key, rawBody: Array("a=b".utf8), contentType: "text/plain")),
                ("unrouted", try await client.call(.get, "/nothing-here", key: nil)),
            ]
            await client.shutdown()
            for (label, response) in responses {
                #expect(response.header("Strict-Transport-Security")?.contains("max-age=31536000") == true, "\(label)")
                #expect(response.header("X-Content-Type-Options") == "nosniff", "\(label)")
                #expect(response.header("Referrer-Policy") == "no-referrer", "\(label)")
            }
            #expect(responses.map(\.1.status) == [200, 201, 204, 400, 401, 404, 405, 406, 413, 415, 404])
        }
    }

    static func countTickets(_ server: TLSTestServer) async throws -> Int64 {
        try await server.store.read { sql in try await server.store.tickets.count(server.store.tenants.all(on: sql)[0].id, on: sql) }
    }
}
