import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenTLS
import Testing

/// Custom portal domains through the API and the CLI: added with a unique CNAME target, listed with their status,
/// removed; re-adding regenerates the target; bad names and another tenant's domains are refused by name.
@Suite("Custom domains")
struct CustomDomainTests {
    @Test func addListViewRemoveAndReAdd() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let alpha = server.tenants[0].apiKey
            let beta = server.tenants[1].apiKey
            let added = try await client.call(.post, "/api/v2/custom_domains", key: alpha, json: ["domain": "Support.Bücher.test"])
            #expect(added.status == 201, "\(added.text)")
            let domain = try #require(added.object)
            #expect(domain.string("domain") == "support.xn--bcher-kva.test")
            let target = try #require(domain.string("cname_target"))
            #expect(
                target.hasPrefix("d-") && target.hasSuffix(".cname.localhost") && target.count == "d-".count + 20 + ".cname.localhost".count
            )
            #expect(domain.string("status") == "awaiting_activation" && domain["certificate_expires_at"] == .null)
            let id = try #require(domain.int("id"))
            #expect(added.header("Location")?.hasSuffix("/api/v2/custom_domains/\(id)") == true)

            let listed = try await client.call(.get, "/api/v2/custom_domains", key: alpha)
            #expect(listed.array?.count == 1 && listed.array?.first?.objectValue?.string("cname_target") == target)
            #expect(
                try await client.call(.get, "/api/v2/custom_domains/\(id)", key: alpha).object?.string("domain")
                    == "support.xn--bcher-kva.test")
            // Another tenant sees nothing of it and cannot take the name.
            #expect(try await client.call(.get, "/api/v2/custom_domains/\(id)", key: beta).status == 404)
            let taken = try await client.call(.post, "/api/v2/custom_domains", key: beta, json: ["domain": "support.bücher.test"])
            #expect(taken.status == 409 && taken.hasFieldError("domain", "duplicate_value"), "\(taken.text)")
            let again = try await client.call(.post, "/api/v2/custom_domains", key: alpha, json: ["domain": "support.xn--bcher-kva.test"])
            #expect(again.status == 409 && again.text.contains("already added"))

            #expect(try await client.call(.delete, "/api/v2/custom_domains/\(id)", key: beta).status == 404)
            #expect(try await client.call(.delete, "/api/v2/custom_domains/\(id)", key: alpha).status == 204)
            #expect(try await client.call(.get, "/api/v2/custom_domains/\(id)", key: alpha).status == 404)
            let readded = try await client.call(.post, "/api/v2/custom_domains", key: alpha, json: ["domain": "support.bücher.test"])
            #expect(readded.status == 201 && readded.object?.string("cname_target") != target)
        }
    }

    @Test(arguments: [
        ("*.example.test", "wildcard"), ("203.0.113.7", "IP addresses"), ("a..example.test", "empty"),
        (String(repeating: "x", count: 64) + ".example.test", "over-long"), ("bad_char.example.test", "may contain only"),
        ("https://portal.example.test/", "host name only"), ("", "should not be blank"), ("alpha.localhost", "Haven's own"),
        (String(repeating: "abcdefghi.", count: 26) + "test", "1 to 253"),
    ])
    func badNamesAreRefusedNamingTheProblem(_ name: String, _ problem: String) async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let before = try await server.rowCounts()
            let response = try await client.call(
                .post, "/api/v2/custom_domains", key: server.tenants[0].apiKey, json: ["domain": .string(name)])
            #expect(response.status == 400 && response.hasFieldError("domain", "invalid_value"), "\(name): \(response.text)")
            #expect(response.text.contains(problem), "\(name): \(response.text)")
            #expect(try await server.rowCounts() == before)
        }
    }

    @Test func theCLIAddsListsAndRemoves() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(
            try CLITests.run([
                "tenant", "create", "--data-dir", data, "--name", "U", "--subdomain", "umbrella", "--admin-email", "u@u.example",
            ]).status == 0)
        let environment = ["HAVEN_CNAME_BASE": "edge.haven.test"]
        let added = try CLITests.run(
            ["domains", "add", "--tenant", "umbrella", "help.umbrella.test", "--data-dir", data], environment: environment)
        #expect(added.status == 0, "\(added.stderr)")
        let object = try #require(try JSONParser.parse(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue)
        #expect(object.string("domain") == "help.umbrella.test" && object.string("status") == "awaiting_activation")
        #expect(object.string("cname_target")?.hasSuffix(".edge.haven.test") == true)
        let listed = try CLITests.run(["domains", "list", "--tenant", "umbrella", "--data-dir", data])
        #expect(
            listed.status == 0 && listed.stdout.split(separator: "\n").count == 1
                && listed.stdout.contains("\"reason\":\"waiting for the CNAME record\""))
        let wildcard = try CLITests.run(["domains", "add", "--tenant", "umbrella", "*.umbrella.test", "--data-dir", data])
        #expect(wildcard.status == 1 && wildcard.stderr.contains("wildcard"), "\(wildcard.stderr)")
        let removed = try CLITests.run(["domains", "remove", "--tenant", "umbrella", "HELP.umbrella.test", "--data-dir", data])
        #expect(removed.status == 0 && removed.stdout.contains("\"status\":\"removed\""), "\(removed.stderr)")
        let missing = try CLITests.run(["domains", "remove", "--tenant", "umbrella", "help.umbrella.test", "--data-dir", data])
        #expect(missing.status == 1 && missing.stderr.contains("has no custom domain"))
        let exported = try CLITests.run(["audit", "export", "--tenant", "umbrella", "--data-dir", data])
        #expect(
            exported.stdout.contains("\"action\":\"custom_domain.added\"")
                && exported.stdout.contains("\"action\":\"custom_domain.removed\""))
        #expect(exported.stdout.contains("\"name\":\"domains add\""))
    }
}

/// A tenant's DNS must not aim Haven's probes at the operator's network: internal addresses are refused, and named.
@Suite("Probes stay outside")
struct ProbeAddressTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("10.1.2.3", true), ("172.16.0.1", true), ("172.31.255.255", true), ("172.32.0.1", false),
        ("192.168.1.1", true), ("169.254.169.254", true), ("100.64.0.1", true), ("0.0.0.0", true), ("203.0.113.7", false),
        ("8.8.8.8", false), ("::1", true), ("fe80::1", true), ("fd00::5", true), ("::ffff:10.0.0.1", true), ("2001:db8::1", false),
        ("not-an-address", true),
    ])
    func internalAddressesAreRecognised(_ address: String, _ isInternal: Bool) {
        #expect(AddressPolicy.isInternal(address) == isInternal, "\(address)")
    }

    @Test func theDiagnosisDoesNotProbeAnInternalAddress() async throws {
        let dns = try await MockDNS.start()
        defer { dns.stop() }
        try await TestServer.start(tenants: ["alpha"]) { server, _ in
            let domain = try await CustomDomains(server.helpdesk).add(
                "inside.acme.test", by: .cliOperator("test", tenant: server.tenants[0].tenant.id))
            // The mock DNS answers 127.0.0.1 for every name.
            let report = try await DomainDiagnosis(store: server.store, settings: DomainDiagnosis.Settings(resolver: dns.resolver)).run(
                domain)
            let problems = report["problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(
                problems.contains { $0.hasPrefix("inside.acme.test resolves to 127.0.0.1, a loopback or private address") }, "\(problems)")
            #expect(report["challenge_path"]?.objectValue?["detail"] == "the domain resolves to an internal address")
            #expect(report["served"] == .object(JSONObject()), "no TLS probe of an internal address")
            #expect(report["found"]?.objectValue?["addresses"] == ["127.0.0.1"])
        }
    }
}
