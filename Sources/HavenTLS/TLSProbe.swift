import Crypto
public import Foundation
import HavenCore
public import NIOCore
import NIOPosix
public import NIOSSL
import NIOTLS
import SwiftASN1
import Synchronization
import X509

/// What `haven tls check` finds out about a TLS endpoint, from outside, as a client would.
public struct TLSProbeReport: Sendable {
    public struct CertificateSummary: Sendable {
        public var subject: String
        public var issuer: String
        public var notBefore: Date
        public var notAfter: Date
        public var dnsNames: [String]
        /// SHA-256 of the DER, lower-case hex (as stored certificates' fingerprints).
        public var fingerprint: String
    }

    public var host: String
    public var port: Int
    /// Protocol version → accepted.
    public var versions: [(name: String, accepted: Bool)]
    public var chain: [CertificateSummary]
    /// nil when the chain verified against the trust roots; otherwise why not.
    public var trustProblem: String?

    public var leafCoversHost: Bool {
        guard let leaf = self.chain.first else { return false }
        return leaf.dnsNames.contains { UploadedCertificate.name($0, covers: self.host.lowercased()) }
    }

    /// The report in plain words, one finding per line, problems marked.
    public func lines(now: Date) -> [String] {
        var lines = ["TLS check for \(self.host):\(self.port)"]
        for (name, accepted) in self.versions {
            let legacy = name == "TLS 1.0" || name == "TLS 1.1"
            let verdict =
                accepted ? (legacy ? "accepted — PROBLEM: deprecated and insecure" : "accepted") : (legacy ? "refused (good)" : "refused")
            lines.append("  \(name): \(verdict)")
        }
        if self.versions.allSatisfy({ !$0.accepted }) {
            lines.append("  PROBLEM: no TLS version completed a handshake (not a TLS server, or unreachable)")
        }
        for (index, certificate) in self.chain.enumerated() {
            let days = Int(certificate.notAfter.timeIntervalSince(now) / 86_400)
            let expiry = days < 0 ? "EXPIRED \(-days) days ago" : "expires in \(days) days"
            lines.append("  certificate \(index + 1): \(certificate.subject), issued by \(certificate.issuer), \(expiry)")
        }
        if let leaf = self.chain.first {
            lines.append("  names on the certificate: \(leaf.dnsNames.isEmpty ? "none" : leaf.dnsNames.joined(separator: ", "))")
            lines.append(
                self.leafCoversHost ? "  the certificate covers \(self.host)" : "  PROBLEM: the certificate does not cover \(self.host)")
        }
        lines.append(self.trustProblem.map { "  PROBLEM: the chain is not trusted: \($0)" } ?? "  the chain is trusted")
        return lines
    }

    public var hasProblems: Bool {
        self.versions.contains { ($0.name == "TLS 1.0" || $0.name == "TLS 1.1") && $0.accepted }
            || !self.versions.contains { $0.accepted } || !self.leafCoversHost || self.trustProblem != nil
    }
}

/// Connects to a TLS endpoint once per protocol version and once more to read and verify its certificate chain.
public enum TLSProbe {
    /// - Parameter serverName: the SNI to send (and the name the leaf must cover) when `host` is an address.
    public static func run(
        host: String, port: Int, serverName: String? = nil, trustRoots: [NIOSSLCertificate]?, timeout: TimeAmount = .seconds(5)
    ) async -> TLSProbeReport {
        var versions: [(String, Bool)] = []
        for (name, version) in [("TLS 1.0", TLSVersion.tlsv1), ("TLS 1.1", .tlsv11), ("TLS 1.2", .tlsv12), ("TLS 1.3", .tlsv13)] {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = version
            configuration.maximumTLSVersion = version
            configuration.certificateVerification = .none
            // Offer everything a legacy client would, so a refusal is the server's.
            configuration.cipherSuites = "ALL"
            let accepted =
                (try? await self.handshake(host: host, port: port, serverName: serverName, configuration: configuration, timeout: timeout))
                != nil
            versions.append((name, accepted))
        }
        // The chain as presented: a verification callback sees it whether or not it is trusted.
        let presented = Mutex<[NIOSSLCertificate]>([])
        var capture = TLSConfiguration.makeClientConfiguration()
        capture.certificateVerification = .none
        _ = try? await self.handshake(host: host, port: port, serverName: serverName, configuration: capture, timeout: timeout) { chain in
            presented.withLock { $0 = chain }
        }
        var trusted = TLSConfiguration.makeClientConfiguration()
        if let trustRoots { trusted.trustRoots = .certificates(trustRoots) }
        var trustProblem: String?
        do {
            try await self.handshake(host: host, port: port, serverName: serverName, configuration: trusted, timeout: timeout)
        } catch {
            trustProblem = Self.explain(error)
        }
        let chain = presented.withLock { $0 }.compactMap { certificate -> TLSProbeReport.CertificateSummary? in
            guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else { return nil }
            return TLSProbeReport.CertificateSummary(
                subject: parsed.subject.description,
                issuer: parsed.issuer.description,
                notBefore: parsed.notValidBefore,
                notAfter: parsed.notValidAfter,
                dnsNames: parsed.dnsNames.sorted(),
                fingerprint: SHA256.hash(data: der).hexString
            )
        }
        return TLSProbeReport(host: serverName ?? host, port: port, versions: versions, chain: chain, trustProblem: trustProblem)
    }

    /// A handshake failure in plain words.
    static func explain(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the certificate was not issued by a trusted authority (or was not valid for this name or date)"
        }
        if text.contains("WRONG_VERSION_NUMBER") { return "the port does not speak TLS" }
        if text.contains("connectTimeout") || text.contains("timeout") { return "the connection timed out" }
        if text.contains("connection refused") || text.contains("Connection refused") { return "the connection was refused" }
        return text
    }

    /// Completes one handshake (or throws), optionally reporting the peer's presented chain.
    static func handshake(
        host: String,
        port: Int,
        serverName explicitName: String? = nil,
        configuration: TLSConfiguration,
        timeout: TimeAmount,
        presentedChain: (@Sendable ([NIOSSLCertificate]) -> Void)? = nil
    ) async throws {
        let context = try NIOSSLContext(configuration: configuration)
        let serverName = explicitName ?? (host.first?.isNumber == true || host.contains(":") ? nil : host)
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.any().makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler: NIOSSLClientHandler
                    if let presentedChain {
                        handler = try NIOSSLClientHandler(
                            context: context,
                            serverHostname: serverName,
                            customVerificationCallback: { chain, verification in
                                presentedChain(chain)
                                verification.succeed(.certificateVerified)
                            }
                        )
                    } else {
                        handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise: promise))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            promise.fail(error)  // a promise must always complete
            throw error
        }
        channel.eventLoop.scheduleTask(in: timeout) { promise.fail(ChannelError.connectTimeout(timeout)) }
        defer { channel.close(promise: nil) }
        try await promise.futureResult.get()
    }

    final class HandshakeWatcher: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let promise: EventLoopPromise<Void>

        init(promise: EventLoopPromise<Void>) {
            self.promise = promise
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted = event {
                self.promise.succeed(())
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            self.promise.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.promise.fail(ChannelError.eof)
            context.fireChannelInactive()
        }
    }
}
