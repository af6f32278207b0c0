import Foundation
import HavenCore
import HavenServer
import HavenTLS
import SwiftASN1
import Testing
import X509

/// Under the embedded default (base domain `localhost`), every tenant host gets a certificate that OpenSSL-based
/// clients accept: `*.localhost` is refused by them, so the local CA issues a leaf per tenant host.
@Suite struct TenantHostCertificateTests {
    /// Runs curl against the HTTPS listener for `host` and returns its exit status and output, waiting on a thread
    /// of its own (the server under test shares the cooperative threads).
    static func curl(_ server: TLSTestServer, host: String) async throws -> (status: Int32, output: String) {
        let arguments = [
            "-sS", "--max-time", "10", "--cacert", server.directory + "/tls/ca.pem",
            "--resolve", "\(host):\(server.httpsPort):127.0.0.1", "https://\(host):\(server.httpsPort)/healthz",
        ]
        let process = try ChildProcess("/usr/bin/curl", arguments)
        return await withCheckedContinuation { continuation in
            Thread {
                let (status, stdout, stderr) = process.finish()
                continuation.resume(returning: (status, stdout + stderr))
            }.start()
        }
    }

    @Test func tenantHostsGetTheirOwnCertificate_thatCurlAccepts() async throws {
        try await TLSTestServer.start { server in
            let tenant = try await Self.curl(server, host: "alpha.localhost")
            #expect(tenant.status == 0, "\(tenant.output)")
            #expect(tenant.output.contains("\"status\":\"ok\""))
            #expect(server.server.certificates.counts.byName["alpha.localhost"] == nil, "issued, then served by name")
            let again = try await Self.curl(server, host: "alpha.localhost")
            #expect(again.status == 0)
            #expect((server.server.certificates.counts.byName["alpha.localhost"] ?? 0) >= 1)
            #expect(try await Self.curl(server, host: "localhost").status == 0)
            // A name that is no tenant's gets the default certificate, which does not cover it.
            let unknown = try await Self.curl(server, host: "nosuch.localhost")
            #expect(unknown.status == 60, "\(unknown.output)")
        }
    }

    /// The first certificate of a PEM chain.
    static func leaf(_ chainPEM: String) throws -> Certificate {
        try Certificate(pemDocument: try PEMDocument.parseMultiple(pemString: chainPEM)[0])
    }

    @Test func theDefaultLeafNamesEachHostOnce_andAWildcardOnlyUnderTwoLabels() throws {
        let directory = NSTemporaryDirectory() + "haven-ca-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let single = LocalCertificateAuthority(dataDirectory: directory, baseDomain: "localhost", clock: SystemClock())
        let leaf = try Self.leaf(try single.ensure().chainPEM)
        #expect(leaf.dnsNames == ["localhost"])
        #expect(!single.wildcardCoversTenants)
        let issued = try Self.leaf(try single.hostIssuer().issue(for: "Alpha.localhost").chainPEM)
        #expect(issued.dnsNames == ["alpha.localhost"])

        let dotted = LocalCertificateAuthority(dataDirectory: directory + "/2", baseDomain: "help.example", clock: SystemClock())
        let wildcard = try Self.leaf(try dotted.ensure().chainPEM)
        #expect(wildcard.dnsNames == ["localhost", "help.example", "*.help.example"])
        #expect(dotted.wildcardCoversTenants)
    }
}

extension Certificate {
    var dnsNames: [String] {
        guard let names = try? self.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            if case .dnsName(let value) = name { return value }
            return nil
        }
    }
}
