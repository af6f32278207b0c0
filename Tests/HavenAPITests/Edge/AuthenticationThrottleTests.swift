import Foundation
import HTTPTypes
import HavenAPI
import HavenAudit
import HavenCore
import HavenServer
import HavenStore
import Testing

/// Failed authentication is counted per address: an address that keeps failing is refused for a while (others are
/// not), and the audit log gets one entry per address and tenant per minute however many keys it tries.
@Suite struct AuthenticationThrottleTests {
    static func securityEntries(_ server: TestServer, _ tenant: TenantID, _ action: String) async throws -> [AuditRecord] {
        try await AuditReader(store: server.store).page(tenant, AuditFilter(), page: PageRequest(page: 1, perPage: 100))
            .items.filter { $0.entry.action == action }
    }

    static func fiveFailuresAMinute(_ configuration: inout ServerConfiguration) {
        configuration.authenticationFailuresPerMinute = 5
    }

    @Test func anAddressThatKeepsFailing_isThrottled_andOthersAreNot() async throws {
        try await TestServer.start(configure: Self.fiveFailuresAMinute) { server, client in
            let alpha = server.tenants[0]
            for attempt in 1...6 {
                let refused = try await client.call(.get, "/api/v2/tickets", key: "guess-\(attempt)", host: alpha.host)
                #expect(refused.status == 401, "attempt \(attempt)")
            }
            // Now even a valid key from this address waits.
            let throttled = try await client.call(.get, "/api/v2/tickets", key: alpha.apiKey, host: alpha.host)
            #expect(throttled.status == 429)
            #expect(throttled.header("Retry-After") == "60")
            // Another address with a valid key is unaffected.
            let other = try RawConnection(port: client.port, source: "127.0.0.2")
            let credentials = Data("\(alpha.apiKey):X".utf8).base64EncodedString()
            other.send("GET /api/v2/tickets HTTP/1.1\r\nHost: \(alpha.host)\r\nAuthorization: Basic \(credentials)\r\n\r\n")
            #expect(await other.readAnswer().httpStatus == 200)
            // The penalty ends after a minute.
            server.clock.advance(seconds: 61)
            #expect(try await client.call(.get, "/api/v2/tickets", key: alpha.apiKey, host: alpha.host).status == 200)

            try await server.flushSecurityEvents()
            let failed = try await Self.securityEntries(server, alpha.tenant.id, "security.authentication_failed")
            #expect(failed.count == 1, "\(failed.map(\.json))")
            #expect(failed.first?.details?["count"] == 6)
            #expect(failed.first?.details?["address_blocked_at"] != nil)
            #expect(failed.first?.sourceIP == "127.0.0.1")
        }
    }

    @Test func twoThousandRandomKeysFromOneAddress_makeOneEntry() async throws {
        try await TestServer.start { server, client in
            let alpha = server.tenants[0]
            for attempt in 0..<2_000 {
                let key = String(format: "%06d", attempt) + "-random-key-\(UInt64.random(in: 0...UInt64.max))"
                #expect(try await client.call(.get, "/api/v2/tickets", key: key, host: alpha.host).status == 401)
            }
            try await server.flushSecurityEvents()
            let failed = try await Self.securityEntries(server, alpha.tenant.id, "security.authentication_failed")
            #expect(failed.count == 1)
            #expect(failed.first?.details?["count"] == 2_000)
            #expect(failed.first?.details?["key_prefixes"]?.arrayValue?.count == 5)
            #expect(failed.first?.details?["more_key_prefixes"] == true)
        }
    }

    @Test func oneAddressAimingAtManyTenants_makesAtMostTenEntriesAMinute() async throws {
        let names = (1...12).map { "t\($0)" }
        try await TestServer.start(tenants: names) { server, client in
            for tenant in server.tenants {
                #expect(try await client.call(.get, "/api/v2/tickets", key: "wrong", host: tenant.host).status == 401)
            }
            try await server.flushSecurityEvents()
            var entries = 0
            for tenant in server.tenants {
                entries += try await Self.securityEntries(server, tenant.tenant.id, "security.authentication_failed").count
            }
            #expect(entries == 10)
        }
    }
}

/// Behind a trusted reverse proxy the throttle and the audit log see the client, not the proxy.
@Suite struct TrustedProxyTests {
    static func loopbackIsAProxy(_ configuration: inout ServerConfiguration) {
        configuration.authenticationFailuresPerMinute = 3
        configuration.api.trustedProxies = IPAllowlist.parse(["127.0.0.0/8"]).allowlist
    }

    static func noProxies(_ configuration: inout ServerConfiguration) {
        configuration.authenticationFailuresPerMinute = 3
    }

    @Test func clientsBehindAProxyAreThrottledOneByOne() async throws {
        try await TestServer.start(configure: Self.loopbackIsAProxy) { server, client in
            let alpha = server.tenants[0]
            func call(_ key: String, from address: String) async throws -> Int {
                try await client.call(.get, "/api/v2/tickets", key: key, host: alpha.host, headers: [("X-Forwarded-For", address)]).status
            }
            for _ in 0..<4 { #expect(try await call("wrong", from: "198.51.100.7") == 401) }
            #expect(try await call(alpha.apiKey, from: "198.51.100.7") == 429)
            #expect(try await call(alpha.apiKey, from: "198.51.100.8") == 200, "another client behind the same proxy")
            // The client's own left part of the header changes nothing.
            #expect(try await call(alpha.apiKey, from: "198.51.100.8, 198.51.100.7") == 429)
            try await server.flushSecurityEvents()
            let failed = try await AuthenticationThrottleTests.securityEntries(server, alpha.tenant.id, "security.authentication_failed")
            #expect(failed.map(\.sourceIP) == ["198.51.100.7"])
        }
    }

    @Test func fromAnUntrustedPeerTheHeaderIsIgnored() async throws {
        try await TestServer.start(configure: Self.noProxies) { server, client in
            let alpha = server.tenants[0]
            for attempt in 0..<4 {
                // A different made-up address each time does not spread the count.
                let status = try await client.call(
                    .get, "/api/v2/tickets", key: "wrong", host: alpha.host, headers: [("X-Forwarded-For", "198.51.100.\(attempt)")]
                ).status
                #expect(status == 401)
            }
            #expect(try await client.call(.get, "/api/v2/tickets", key: alpha.apiKey, host: alpha.host).status == 429)
        }
    }
}
