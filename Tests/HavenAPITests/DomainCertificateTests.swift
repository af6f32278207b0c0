import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenStore
import HavenTLS
import NIOSSL
import Testing

/// Uploading a tenant's own certificate: every malformed input gets a 400 naming the problem and stores nothing; a
/// valid one is served by SNI at once; a domain belongs to one tenant.
@Suite struct DomainCertificateTests {
    struct Material {
        let chain: String
        let key: String
        let ca: NIOSSLCertificate
    }

    /// A CA and a leaf for `base` and `*.base`, issued at `issuedAt`.
    static func material(base: String, issuedAt: Timestamp? = nil) throws -> Material {
        let directory = NSTemporaryDirectory() + "haven-upload-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock: any HavenClock = issuedAt.map { ManualClock($0) } ?? SystemClock()
        let authority = LocalCertificateAuthority(dataDirectory: directory, baseDomain: base, clock: clock)
        let (chain, key) = try authority.ensure()
        return Material(chain: chain, key: key, ca: try NIOSSLCertificate.fromPEMFile(authority.caCertificatePath)[0])
    }

    static func blocks(_ pem: String) -> [String] {
        pem.components(separatedBy: "-----END CERTIFICATE-----").dropLast().map { $0 + "-----END CERTIFICATE-----\n" }
    }

    @Test func anUploadByAnotherProcess_isServedWithoutRestart_andItsRemovalToo() async throws {
        try await TLSTestServer.start { server in
            let material = try Self.material(base: "sync.test")
            let tenant = try await server.store.read { sql in try await server.store.tenants.find(subdomain: "alpha", on: sql) }
            // As `haven domains cert upload` does it: straight into the database, not through this server.
            let (certificate, _) = try await DomainCertificateUploads(Helpdesk(store: server.store)).upload(
                domain: "help.sync.test", chainPEM: material.chain, keyPEM: material.key,
                by: .cliOperator("test", tenant: try #require(tenant).id))
            func served() async -> Bool {
                let client = server.client(trusting: [material.ca], serverName: "help.sync.test")
                defer { Task { await client.shutdown() } }
                return (try? await client.call(.get, "/healthz", key: nil).status) == 200
            }
            var seen = false
            for _ in 0..<50 where !seen {
                try await Task.sleep(for: .milliseconds(50))
                seen = await served()
            }
            #expect(seen, "the uploaded certificate was not picked up")
            try await server.store.write { sql in
                try await server.store.domainCertificates.delete(certificate.tenantID, certificate.id, on: sql)
            }
            var gone = false
            for _ in 0..<50 where !gone {
                try await Task.sleep(for: .milliseconds(50))
                gone = await !served()
            }
            #expect(gone, "the removed certificate is still served")
        }
    }

    @Test func validUpload_isServedBySNIAtOnce_andMalformedOnesGet400() async throws {
        try await TLSTestServer.start { server in
            let good = try Self.material(base: "customer.test")
            let other = try Self.material(base: "customer.test")
            let elsewhere = try Self.material(base: "elsewhere.test")
            let expired = try Self.material(base: "customer.test", issuedAt: Timestamp(secondsSince1970: 1_600_000_000))
            let client = server.client()
            let leafOnly = Self.blocks(good.chain)[0]
            let cases: [(String, JSONValue, String)] = [
                (
                    "chain not PEM", ["domain": "help.customer.test", "certificate_chain": "hello", "private_key": .string(good.key)],
                    "certificate_chain"
                ),
                (
                    "broken certificate block",
                    [
                        "domain": "help.customer.test",
                        "certificate_chain": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        "private_key": .string(good.key),
                    ],
                    "certificate_chain"
                ),
                (
                    "key not PEM", ["domain": "help.customer.test", "certificate_chain": .string(good.chain), "private_key": "secret"],
                    "private_key"
                ),
                (
                    "key of another certificate",
                    ["domain": "help.customer.test", "certificate_chain": .string(good.chain), "private_key": .string(other.key)],
                    "private_key"
                ),
                (
                    "domain not covered",
                    ["domain": "help.elsewhere.test", "certificate_chain": .string(good.chain), "private_key": .string(good.key)],
                    "certificate_chain"
                ),
                (
                    "expired",
                    ["domain": "help.customer.test", "certificate_chain": .string(expired.chain), "private_key": .string(expired.key)],
                    "certificate_chain"
                ),
                (
                    "chain out of order",
                    [
                        "domain": "help.customer.test",
                        "certificate_chain": .string(leafOnly + Self.blocks(elsewhere.chain)[1]),
                        "private_key": .string(good.key),
                    ],
                    "certificate_chain"
                ),
                (
                    "wildcard domain",
                    ["domain": "*.customer.test", "certificate_chain": .string(good.chain), "private_key": .string(good.key)], "domain"
                ),
                (
                    "IP address", ["domain": "10.0.0.1", "certificate_chain": .string(good.chain), "private_key": .string(good.key)],
                    "domain"
                ),
                (
                    "Haven's own host",
                    ["domain": "alpha.localhost", "certificate_chain": .string(good.chain), "private_key": .string(good.key)],
                    "domain"
                ),
                ("missing key", ["domain": "help.customer.test", "certificate_chain": .string(good.chain)], "private_key"),
            ]
            var messages = Set<String>()
            for (name, body, field) in cases {
                let response = try await client.call(.post, "/api/v2/domain_certificates", key: server.apiKey, json: body)
                #expect(response.status == 400, "\(name): \(response.status) \(response.text.prefix(200))")
                let error = response.object?["errors"]?.arrayValue?.first?.objectValue
                #expect(error?.string("field") == field, "\(name): \(response.text.prefix(200))")
                messages.insert(error?.string("message") ?? "")
            }
            #expect(messages.count == cases.count, "each problem should have its own message")
            #expect(try await client.call(.get, "/api/v2/domain_certificates", key: server.apiKey).array?.isEmpty == true)

            let uploaded = try await client.call(
                .post, "/api/v2/domain_certificates", key: server.apiKey,
                json: ["domain": "Help.Customer.Test", "certificate_chain": .string(good.chain), "private_key": .string(good.key)]
            )
            #expect(uploaded.status == 201, "\(uploaded.text)")
            #expect(uploaded.object?.string("domain") == "help.customer.test")
            #expect(uploaded.object?["private_key"] == nil)
            #expect(uploaded.text.contains("PRIVATE KEY") == false)
            await client.shutdown()

            // Served by SNI at once, no restart.
            let sni = server.client(trusting: [good.ca], serverName: "help.customer.test")
            #expect(try await sni.call(.get, "/api/v2/agents/me", key: server.apiKey).status == 200)
            await sni.shutdown()

            // Another tenant cannot take the domain.
            let beta = try await Provisioning(store: server.store, actor: .cli("test")).createTenant(
                name: "Beta", subdomain: "beta", adminEmail: "admin@beta.example", adminName: nil
            )
            let betaClient = server.client()
            let conflict = try await betaClient.call(
                .post, "/api/v2/domain_certificates", key: beta.apiKey,
                json: ["domain": "help.customer.test", "certificate_chain": .string(other.chain), "private_key": .string(other.key)]
            )
            #expect(conflict.status == 409)
            let id = try #require(uploaded.object?["id"]?.intValue)
            #expect(try await betaClient.call(.delete, "/api/v2/domain_certificates/\(id)", key: beta.apiKey).status == 404)
            #expect(try await betaClient.call(.delete, "/api/v2/domain_certificates/\(id)", key: server.apiKey).status == 204)
            await betaClient.shutdown()
            let after = server.client(trusting: [good.ca], serverName: "help.customer.test")
            await #expect(throws: (any Error).self) { _ = try await after.call(.get, "/api/v2/agents/me", key: server.apiKey) }
            await after.shutdown()
        }
    }
}
