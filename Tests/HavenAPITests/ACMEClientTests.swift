import Crypto
import Foundation
import HavenCore
import HavenTLS
import Hummingbird
import HummingbirdTesting
import SwiftASN1
import Synchronization
import Testing
import X509

/// The ACME client against Pebble: a certificate issued over http-01 (with nonce rejections retried), the CA's
/// reason when the challenge cannot be reached.
@Suite("ACME client", .serialized)
struct ACMEClientTests {
    final class Tokens: Sendable {
        private let map = Mutex<[String: String]>([:])
        func withLock<R: Sendable>(_ body: (inout [String: String]) -> R) -> R { self.map.withLock { body(&$0) } }
    }

    /// An http-01 responder: tokens published by the client, answered on the port Pebble validates against.
    static func withChallengeServer<T: Sendable>(
        _ tokens: Tokens, _ body: @Sendable (Int) async throws -> T
    ) async throws -> T where T: Sendable {
        let router = Router()
        router.get("/.well-known/acme-challenge/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            guard let answer = tokens.withLock({ $0[token] }) else { return Response(status: .notFound) }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: answer)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in try await body(client.port!) }
    }

    @Test func issuesOverHTTP01AndRetriesRejectedNonces() async throws {
        let tokens = Tokens()
        try await Self.withChallengeServer(tokens) { port in
            let pebble = try await Pebble.start(httpPort: port, nonceRejectPercent: 30)
            defer { pebble.stop() }
            let client = try ACMEClient(
                directoryURL: pebble.directoryURL, accountKey: P256.Signing.PrivateKey(), caBundlePEM: pebble.caPEM,
                pollInterval: .milliseconds(200))
            do {
                let issued = try await client.issue(
                    domain: "help.acme.test",
                    publish: { token, answer in tokens.withLock { $0[token] = answer } },
                    withdraw: { token in _ = tokens.withLock { $0.removeValue(forKey: token) } })
                let documents = try PEMDocument.parseMultiple(pemString: issued.chainPEM)
                #expect(documents.count >= 2, "leaf and intermediate")
                let leaf = try Certificate(pemDocument: try #require(documents.first))
                #expect(try leaf.extensions.subjectAlternativeNames?.contains(.dnsName("help.acme.test")) == true)
                #expect(issued.keyPEM.contains("PRIVATE KEY"))
                #expect(tokens.withLock { $0.isEmpty }, "tokens are withdrawn after validation")
                #expect(client.nonceRetries.load(ordering: .relaxed) > 0, "30% nonce rejections were retried")
                // Unreachable challenge: the CA's problem document is the error.
                await #expect {
                    _ = try await client.issue(domain: "nowhere.acme.test", publish: { _, _ in }, withdraw: { _ in })
                } throws: { error in
                    guard case ACMEError.problem(let type, let detail, _, _) = error else { return false }
                    return type.hasPrefix("urn:ietf:params:acme:error:") && !detail.isEmpty
                }
            } catch {
                await client.shutdown()
                throw error
            }
            await client.shutdown()
        }
    }
}
