import Foundation
import Hummingbird
import HummingbirdTLS
import HummingbirdTesting
import Logging
import NIOSSL
import Testing

@testable import HavenTLS

/// `haven tls check`'s probe against a deliberately legacy server: it must report TLS 1.0/1.1 as accepted problems.
@Suite struct TLSProbeTests {
    @Test func legacyServer_isReportedWithItsDeprecatedVersions() async throws {
        let material = try DomainCertificateTests.material(base: "legacy.test")
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(material.chain.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(material.key.utf8), format: .pem))
        )
        tls.minimumTLSVersion = .tlsv1
        let router = Router()
        router.get("/") { _, _ in "ok" }
        var logger = Logger(label: "legacy")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: logger
        )
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let report = await TLSProbe.run(host: "localhost", port: port, trustRoots: [material.ca])
            #expect(report.versions.map(\.name) == ["TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"])
            let accepted = report.versions.map(\.accepted)
            #expect(accepted == [true, true, true, true])
            #expect(report.trustProblem == nil)
            #expect(report.leafCoversHost)
            #expect(report.hasProblems)
            let lines = report.lines(now: Date())
            #expect(lines.contains("  TLS 1.0: accepted — PROBLEM: deprecated and insecure"))
            #expect(lines.contains("  TLS 1.1: accepted — PROBLEM: deprecated and insecure"))
        }
    }

    @Test func report_namesAMismatchedOrExpiredCertificate() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let report = TLSProbeReport(
            host: "help.example.com",
            port: 443,
            versions: [("TLS 1.0", false), ("TLS 1.1", false), ("TLS 1.2", true), ("TLS 1.3", true)],
            chain: [
                .init(
                    subject: "CN=other", issuer: "CN=CA", notBefore: now.addingTimeInterval(-86_400 * 93),
                    notAfter: now.addingTimeInterval(-86_400 * 3), dnsNames: ["other.example.com"], fingerprint: "00")
            ],
            trustProblem: nil
        )
        let lines = report.lines(now: now)
        #expect(report.hasProblems)
        #expect(lines.contains { $0.contains("EXPIRED 3 days ago") })
        #expect(lines.contains("  PROBLEM: the certificate does not cover help.example.com"))
        let wildcard = TLSProbeReport(
            host: "help.example.com",
            port: 443,
            versions: [("TLS 1.2", true)],
            chain: [
                .init(
                    subject: "CN=x", issuer: "CN=CA", notBefore: now, notAfter: now.addingTimeInterval(86_400), dnsNames: ["*.example.com"],
                    fingerprint: "00")
            ],
            trustProblem: nil
        )
        #expect(wildcard.leafCoversHost)
        #expect(!wildcard.hasProblems)
    }
}
