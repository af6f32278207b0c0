import Foundation
import HavenAPI
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import HavenTLS
import Logging
import NIOSSL
import Synchronization

/// The full `haven serve` server (HTTPS + HTTP listeners and services) in-process on system-chosen ports.
struct TLSTestServer: Sendable {
    let server: HavenServer
    let store: Store
    let httpsPort: Int
    let httpPort: Int
    let apiKey: String
    let caCertificate: NIOSSLCertificate
    let directory: String
    let helpdesk: Helpdesk
    let tenantID: TenantID
    /// The operators' `/metrics` listener (plain HTTP on loopback).
    var metricsPort: Int? = nil

    static func start<T: Sendable>(
        apiOnLoopback: Bool = false,
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TLSTestServer) async throws -> T
    ) async throws -> T {
        let directory = NSTemporaryDirectory() + "haven-tls-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "haven-tls-test")
        logger.logLevel = .critical
        let helpdesk = try await Composition.open(Composition.Storage(dataDirectory: directory), logger: logger)
        let store = helpdesk.store
        let created: ProvisionedAgent
        do {
            created = try await Provisioning(store: store, actor: .cli("test")).createTenant(
                name: "Alpha", subdomain: "alpha", adminEmail: "admin@alpha.example", adminName: nil)
        } catch {
            await store.database.close()
            throw error
        }
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.httpPort = 0
        configuration.httpsPort = 0
        configuration.httpAPIOnLoopback = apiOnLoopback
        configuration.api.maxBodyBytes = 4096
        configuration.certificateSyncInterval = .milliseconds(100)
        configuration.authenticationFailuresPerMinute = 1_000_000
        configure(&configuration)
        return try await RunningServer.run(helpdesk, configuration, logger: logger) { running in
            let ca = try NIOSSLCertificate.fromPEMFile(running.server.caCertificatePath!)[0]
            return try await body(
                TLSTestServer(
                    server: running.server, store: store, httpsPort: running.httpsPort, httpPort: running.httpPort,
                    apiKey: created.apiKey, caCertificate: ca, directory: directory, helpdesk: helpdesk, tenantID: created.tenant.id,
                    metricsPort: running.metricsPort))
        }
    }

    /// A client that trusts only `roots` (default: Haven's local CA) and sends `serverName` as SNI.
    func client(
        trusting roots: [NIOSSLCertificate]? = nil,
        serverName: String? = "localhost",
        minimum: TLSVersion = .tlsv12,
        maximum: TLSVersion? = nil
    ) -> TestHTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(roots ?? [self.caCertificate])
        tls.minimumTLSVersion = minimum
        tls.maximumTLSVersion = maximum
        return TestHTTPClient(port: self.httpsPort, tls: tls, serverName: serverName)
    }

    /// A fresh certificate authority and a leaf for `domain` and `*.domain`, as a served identity.
    static func makeIdentity(for domain: String) throws -> (identity: ServerIdentity, ca: NIOSSLCertificate) {
        let directory = NSTemporaryDirectory() + "haven-ca-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let authority = LocalCertificateAuthority(dataDirectory: directory, baseDomain: domain, clock: SystemClock())
        let (chain, key) = try authority.ensure()
        let ca = try NIOSSLCertificate.fromPEMFile(authority.caCertificatePath)[0]
        return (try ServerIdentity(chainPEM: chain, keyPEM: key), ca)
    }
}
