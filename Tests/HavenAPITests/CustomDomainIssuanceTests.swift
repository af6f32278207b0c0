import Crypto
import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenAudit
import HavenCore
import HavenServer
import HavenStore
import HavenTLS
import Logging
import NIOSSL
import SwiftASN1
import Testing
import X509

/// Custom domains end to end, as operators run Haven: `haven serve` with Pebble as its ACME CA and Pebble's mock DNS
/// as its resolver. Add a domain, publish its CNAME, and the certificate is issued and served by SNI; with a short
/// validity it is renewed and replaced while serving.
@Suite("Custom domain issuance", .serialized)
struct CustomDomainIssuanceTests {
    struct Running {
        let server: ChildProcess
        let pebble: Pebble
        let client: TestHTTPClient
        let key: String
        let httpsPort: Int
        let data: String
        let environment: [String: String]
    }

    /// Pebble, then `haven serve` pointed at it, then a client on the plain-HTTP API (loopback).
    static func withHaven<T: Sendable>(validitySeconds: Int = 7_776_000, _ body: (Running) async throws -> T) async throws -> T {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let httpPort = FreePort.next()
        let httpsPort = FreePort.next()
        let pebble = try await Pebble.start(httpPort: httpPort, validitySeconds: validitySeconds)
        defer { pebble.stop() }
        try pebble.caPEM.write(toFile: data + "-pebble-ca.pem", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: data + "-pebble-ca.pem") }
        let environment = [
            "HAVEN_ACME_DIRECTORY_URL": pebble.directoryURL, "HAVEN_ACME_CA_BUNDLE": data + "-pebble-ca.pem",
            "HAVEN_DNS_RESOLVER": pebble.dns.resolver, "HAVEN_CERTIFICATE_CHECK_SECONDS": "1", "HAVEN_CNAME_BASE": "cname.haven.test",
            // Clients and the CA reach this Haven on the test ports, not 80 and 443.
            "HAVEN_PUBLIC_HTTP_PORT": String(httpPort), "HAVEN_PUBLIC_HTTPS_PORT": String(httpsPort),
            // Everything here is on loopback, which production refuses to probe.
            "HAVEN_PROBE_INTERNAL_ADDRESSES": "1",
        ]
        let (server, output) = try CLITests.startServing(
            data: data, httpPort: httpPort, httpsPort: httpsPort, extra: ["--http-api-on-loopback"], environment: environment)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let key = String((output.components(separatedBy: "(shown once): ").dropFirst().first ?? "").prefix { $0.isLetter || $0.isNumber })
        try #require(!key.isEmpty, "haven serve did not start: \(output)")
        let client = TestHTTPClient(port: httpPort)
        do {
            let result = try await body(
                Running(
                    server: server, pebble: pebble, client: client, key: key, httpsPort: httpsPort, data: data, environment: environment))
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Polls the domain until `done` holds (or `seconds` pass); returns the last view of it.
    static func waitFor(
        _ running: Running, _ id: Int64, seconds: Int, _ done: (JSONObject) -> Bool
    ) async throws -> JSONObject {
        var last = JSONObject()
        for _ in 0..<(seconds * 5) {
            last = try await running.client.call(.get, "/api/v2/custom_domains/\(id)", key: running.key).object ?? JSONObject()
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        return last
    }

    /// The leaf certificate Haven serves for `serverName`, after a request over a connection that verified the chain
    /// against `rootPEM` and the name (what a browser does).
    static func servedLeaf(port: Int, serverName: String, rootPEM: String) async throws -> Certificate {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(rootPEM.utf8)))
        let client = TestHTTPClient(port: port, tls: tls, serverName: serverName)
        let response = try await client.call(.get, "/healthz", key: nil, host: serverName)
        await client.shutdown()
        #expect(response.status == 200)
        let shown = try ChildProcess(
            "/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", serverName, "-showcerts"]
        ).finish()
        let pem = try #require(
            shown.stdout.components(separatedBy: "-----END CERTIFICATE-----").first?.components(separatedBy: "-----BEGIN CERTIFICATE-----")
                .last)
        return try Certificate(pemEncoded: "-----BEGIN CERTIFICATE-----" + pem + "-----END CERTIFICATE-----")
    }

    @Test func aDomainIsActiveWithinSecondsOfItsCNAMEAndRenewedWhileServing() async throws {
        try await Self.withHaven(validitySeconds: 20) { running in
            let added = try await running.client.call(.post, "/api/v2/custom_domains", key: running.key, json: ["domain": "help.acme.test"])
            #expect(added.status == 201, "\(added.text)")
            let id = try #require(added.object?.int("id"))
            let target = try #require(added.object?.string("cname_target"))
            // Without the CNAME it waits, saying why.
            let waiting = try await Self.waitFor(running, id, seconds: 5) { $0.string("reason")?.contains("no CNAME record") == true }
            #expect(waiting.string("status") == "awaiting_activation", "\(waiting)")
            // The diagnosis names both causes of "not secure" so far: no CNAME, no certificate.
            let before = try await running.client.call(.get, "/api/v2/custom_domains/\(id)/check", key: running.key)
            let problemsBefore = before.object?["problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(problemsBefore.contains { $0.hasPrefix("No CNAME record for help.acme.test") && $0.contains(target) }, "\(before.text)")
            #expect(problemsBefore.contains { $0.hasPrefix("No certificate has been issued for help.acme.test") }, "\(before.text)")
            #expect(before.object?["challenge_path"]?.objectValue?["reachable"] == true, "\(before.text)")

            try await running.pebble.dns.setCNAME("help.acme.test", target)
            let started = ContinuousClock.now
            let active = try await Self.waitFor(running, id, seconds: 30) { $0.string("status") == "active" }
            #expect(active.string("status") == "active", "\(active)")
            #expect(ContinuousClock.now - started < .seconds(30))
            let root = try await running.pebble.issuingRootPEM()
            let first = try await Self.servedLeaf(port: running.httpsPort, serverName: "help.acme.test", rootPEM: root)
            #expect(try first.extensions.subjectAlternativeNames?.contains(.dnsName("help.acme.test")) == true)
            // Now the operator's check finds nothing wrong: CNAME right, challenge path reachable, the certificate
            // clients receive is the one Haven holds, TLS 1.0/1.1 refused, 1.2/1.3 accepted.
            let checked = try CLITests.run(
                ["domains", "check", "help.acme.test", "--data-dir", running.data], environment: running.environment)
            let report = try #require(try JSONParser.parse(checked.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue)
            #expect(checked.status == 0 && report["problems"] == .array([]), "\(checked.stdout) \(checked.stderr)")
            #expect(report["found"]?.objectValue?["cname"] == .string(target))
            let served = report["served"]?.objectValue
            #expect(served?["versions"] == ["TLS 1.0": false, "TLS 1.1": false, "TLS 1.2": true, "TLS 1.3": true], "\(checked.stdout)")
            #expect(
                served?["chain"]?.arrayValue?.first?.objectValue?["fingerprint_sha256"]
                    == report["certificate"]?.objectValue?["fingerprint_sha256"])

            // A 20-second certificate is due for renewal a third of its lifetime before its end: replaced in place.
            let renewed = try await Self.waitFor(running, id, seconds: 30) {
                $0.string("status") == "active" && $0.string("certificate_expires_at") != active.string("certificate_expires_at")
            }
            #expect(renewed.string("certificate_expires_at") != active.string("certificate_expires_at"), "\(renewed)")
            let second = try await Self.servedLeaf(port: running.httpsPort, serverName: "help.acme.test", rootPEM: root)
            #expect(second.serialNumber != first.serialNumber, "the renewed certificate is served without a restart")

            // Removing the domain removes its certificate too (no longer served once the nodes sync).
            #expect(try await running.client.call(.delete, "/api/v2/custom_domains/\(id)", key: running.key).status == 204)
            let certificates = try await running.client.call(.get, "/api/v2/domain_certificates", key: running.key)
            #expect(certificates.array?.isEmpty == true, "\(certificates.text)")
        }
    }

    /// Two Haven processes on one database, both running the certificate manager: the lease lock (and the check
    /// after taking it) lets exactly one of them order the certificate.
    @Test func twoNodesOrderOneCertificate() async throws {
        try await Self.withHaven { running in
            let otherHTTP = FreePort.next()
            let (other, otherOutput) = try CLITests.startServing(
                data: running.data, httpPort: otherHTTP, httpsPort: FreePort.next(), environment: running.environment)
            defer {
                other.terminate()
                other.waitUntilExit()
            }
            #expect(otherOutput.contains("Haven is serving"), "\(otherOutput)")
            let added = try await running.client.call(
                .post, "/api/v2/custom_domains", key: running.key, json: ["domain": "shared.acme.test"])
            let id = try #require(added.object?.int("id"))
            try await running.pebble.dns.setCNAME("shared.acme.test", try #require(added.object?.string("cname_target")))
            let active = try await Self.waitFor(running, id, seconds: 30) { $0.string("status") == "active" }
            #expect(active.string("status") == "active", "\(active)")
            try await Task.sleep(for: .seconds(3))  // both managers have run several rounds since
            let log = try await running.client.call(.get, "/api/v2/audit_log?target_type=domain_certificate", key: running.key)
            let actions = (log.array ?? []).compactMap { $0.objectValue?.string("action") }
            #expect(actions == ["domain_certificate.issued"], "\(actions)")
            // The lease was released after the work: no lock is left behind.
            var logger = Logger(label: "issuance-test")
            logger.logLevel = .critical
            let store = try await TestStore.open(dataDirectory: running.data, logger: logger)
            let locks = try await store.read { sql in try await sql.scalar("SELECT count(*) AS n FROM tls_locks") }
            await store.database.close()
            #expect(locks == 0)
        }
    }
}

/// Failure paths of issuance, in process with a moved clock: an unreachable challenge fails with the CA's reason
/// and is retried on the backoff; CAA forbidding the CA fails before any order.
@Suite("Custom domain failures", .serialized)
struct CustomDomainFailureTests {
    @Test func unreachableChallengeBacksOffAndCAAStopsBeforeOrdering() async throws {
        // Nothing listens on the port Pebble validates against.
        let unused = FreePort.next()
        let pebble = try await Pebble.start(httpPort: unused)
        defer { pebble.stop() }
        let clock = ManualClock(SystemClock().now())
        let directory = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "failures")
        logger.logLevel = .critical
        let store = try await Store.open(dataDirectory: directory, clock: clock, logger: logger)
        let material = try DomainCertificateTests.material(base: "localhost")
        var settings = CertificateManager.Settings(
            directoryURL: pebble.directoryURL, caBundlePEM: pebble.caPEM, contact: nil,
            resolver: DNSResolver(host: "127.0.0.1", port: pebble.dns.dnsPort, random: SystemRandomSource()),
            caaIdentities: ["pebble.test"], baseDomain: "localhost")
        settings.publicHTTPPort = unused
        settings.probeInternalAddresses = true
        let manager = CertificateManager(
            store: store,
            certificates: CertificateStore(
                defaultIdentity: try ServerIdentity(chainPEM: material.chain, keyPEM: material.key)),
            settings: settings,
            accountKey: { P256.Signing.PrivateKey() }, logger: logger)
        do {
            let tenant = try await Provisioning(store: store, actor: .cli("test")).createTenant(
                name: "Acme", subdomain: "globex", adminEmail: "a@globex.example", adminName: nil
            ).tenant.id
            let domains = CustomDomains(Helpdesk(store: store))
            let principal = Principal.cliOperator("test", tenant: tenant)
            let down = try await domains.add("down.acme.test", by: principal)
            try await pebble.dns.setCNAME("down.acme.test", down.cnameTarget)
            let forbidden = try await domains.add("help.strict.test", by: principal)
            try await pebble.dns.setCNAME("help.strict.test", forbidden.cnameTarget)
            try await pebble.dns.addCAA("strict.test", issue: "other.ca")

            func status(_ id: Int64) async throws -> DomainStatus {
                guard let found = try await store.read({ sql in try await store.customDomains.find(tenant, id, on: sql) }) else {
                    throw HavenError.notFound
                }
                return found.status
            }
            try await manager.round()
            var failed = try await status(down.id)
            #expect(failed.state == .failed && failed.failures == 1, "\(failed)")
            // Nothing of this test listens on the challenge port; the CA says so (`connection`), or — when a test running
            // beside this one has since been given that port by the system — that the answer was not the challenge.
            let reason = failed.reason ?? ""
            #expect(
                reason.contains("urn:ietf:params:acme:error:connection") || reason.contains("urn:ietf:params:acme:error:unauthorized"),
                "\(reason)")
            #expect(failed.reason?.contains("Haven's own probe failed too") == true, "\(failed.reason ?? "")")
            #expect(failed.nextCheckAt == clock.now().adding(seconds: 60))
            let caa = try await status(forbidden.id)
            #expect(caa.state == .failed && caa.reason?.hasPrefix("CAA records on strict.test allow only other.ca") == true, "\(caa)")

            // Not due yet: nothing happens. After the first backoff (1 min), retried and failed again: next in 2 min.
            try await manager.round()
            #expect(try await status(down.id).failures == 1)
            clock.advance(seconds: 61)
            try await manager.round()
            failed = try await status(down.id)
            #expect(failed.failures == 2 && failed.nextCheckAt == clock.now().adding(seconds: 120), "\(failed)")
            let recorded = try await AuditReader(store: store).page(
                tenant,
                {
                    var f = AuditFilter()
                    f.action = "custom_domain.issuance_failed"
                    return f
                }(), page: PageRequest(page: 1, perPage: 10)
            ).items
            // Each failed attempt is an entry: two of the unreachable domain, two of the CAA one (due again after a minute).
            #expect(recorded.count == 4, "\(recorded.map(\.json))")
        } catch {
            await manager.shutdown()
            await store.database.close()
            throw error
        }
        await manager.shutdown()
        await store.database.close()
    }
}
