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
            let pebble = try await Pebble.start(httpPort: port, nonceRejectPercent: 40)
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
                // Pebble 2.4 offers no renewalInfo: no window, the ratio rule applies.
                #expect(try await client.renewalWindow(chainPEM: issued.chainPEM) == nil)
                try await Self.checkRenewalInfo(chainPEM: issued.chainPEM)
                // Unreachable challenge: the CA's problem document is the error.
                await #expect {
                    _ = try await client.issue(domain: "nowhere.acme.test", publish: { _, _ in }, withdraw: { _ in })
                } throws: { error in
                    guard case ACMEError.problem(let type, let detail, _, _) = error else { return false }
                    return type.hasPrefix("urn:ietf:params:acme:error:") && !detail.isEmpty
                }
                // Over the twenty-odd signed requests of both orders, 40% rejected nonces: some were retried (the
                // chance that none was rejected is below 1 in 10,000).
                #expect(client.nonceRetries.load(ordering: .relaxed) > 0, "40% nonce rejections were retried")
            } catch {
                await client.shutdown()
                throw error
            }
            await client.shutdown()
        }
    }

    /// ARI against a directory that offers it (a stand-in: Pebble 2.4 does not): the request names the certificate by
    /// its RFC 9773 identifier and the suggested window comes back.
    static func checkRenewalInfo(chainPEM: String) async throws {
        let requested = Tokens()
        let router = Router()
        router.get("/dir") { request, _ -> Response in
            let authority = request.head.authority ?? ""
            let body = #"{"newNonce":"http://\#(authority)/nonce","renewalInfo":"http://\#(authority)/renewal-info"}"#
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/renewal-info/:id") { _, context -> Response in
            requested.withLock { $0["id"] = context.parameters.get("id") ?? "" }
            let body = #"{"suggestedWindow":{"start":"2030-01-02T00:00:00Z","end":"2030-01-03T00:00:00.5Z"}}"#
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let ari = try ACMEClient(directoryURL: "http://127.0.0.1:\(client.port!)/dir", accountKey: P256.Signing.PrivateKey())
            let window = try await ari.renewalWindow(chainPEM: chainPEM)
            await ari.shutdown()
            #expect(window?.start == TimestampParser.parse("2030-01-02T00:00:00Z"))
            #expect(window?.end == TimestampParser.parse("2030-01-03T00:00:00Z"))
            let id = try #require(ACMERenewalInfo.certID(chainPEM: chainPEM))
            #expect(requested.withLock { $0["id"] } == id)
        }
    }

    /// RFC 9773's own example of a certificate identifier.
    @Test func renewalInfoIdentifierMatchesTheRFC() {
        let aki: [UInt8] = [
            0x69, 0x88, 0x5B, 0x6B, 0x87, 0x46, 0x40, 0x41, 0xE1, 0xB3, 0x7B, 0x84, 0x7B, 0xA0, 0xAE, 0x2C, 0xDE, 0x01, 0xC8, 0xD4,
        ]
        #expect(
            ACMERenewalInfo.certID(authorityKeyIdentifier: aki, serial: [0x00, 0x87, 0x65, 0x43, 0x21])
                == "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")
        #expect(ACMERenewalInfo.window(["suggestedWindow": ["start": "2030-01-02T00:00:00Z", "end": "2030-01-01T00:00:00Z"]]) == nil)
    }
}
