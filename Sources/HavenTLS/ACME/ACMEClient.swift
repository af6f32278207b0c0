import AsyncHTTPClient
public import Crypto
import Foundation
public import HavenCore
import NIOCore
import NIOHTTP1
import NIOSSL
import SwiftASN1
public import Synchronization
import X509

/// An RFC 8555 client for one directory and one account key (tls-acme.md §3.2): nonces kept from every answer and
/// `badNonce` retried with the fresh one, POST-as-GET for reads, http-01 only, bounded polling that honours
/// `Retry-After`, a fresh P-256 key and CSR per certificate, chain download.
public final class ACMEClient: Sendable {
    public struct Issued: Sendable {
        public let chainPEM: String
        public let keyPEM: String
    }

    struct Response {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        var json: JSONObject { (try? JSONParser.parse(self.body))?.objectValue ?? JSONObject() }
        var location: String? { self.headers.first(name: "Location") }
    }

    private struct State {
        var directory: JSONObject?
        var nonce: String?
        var accountURL: String?
    }

    let directoryURL: String
    let accountKey: P256.Signing.PrivateKey
    let contact: String?
    let http: HTTPClient
    let pollInterval: Duration
    let timeout: Duration
    private let state = Mutex(State())
    /// Counts `badNonce` answers retried, for tests and logs.
    public let nonceRetries = Atomic<Int>(0)

    /// - Parameter caBundlePEM: when set, the only roots trusted for the directory (`HAVEN_ACME_CA_BUNDLE`).
    public init(
        directoryURL: String, accountKey: P256.Signing.PrivateKey, contact: String? = nil, caBundlePEM: String? = nil,
        pollInterval: Duration = .seconds(1), timeout: Duration = .seconds(90)
    ) throws {
        self.directoryURL = directoryURL
        self.accountKey = accountKey
        self.contact = contact
        self.pollInterval = pollInterval
        self.timeout = timeout
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caBundlePEM {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caBundlePEM.utf8)))
        }
        self.http = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls, redirectConfiguration: .disallow))
    }

    public func shutdown() async {
        try? await self.http.shutdown()
    }

    // MARK: Issuance

    /// Orders a certificate for `domain`: `publish` must make `keyAuthorization` answer
    /// `http://domain/.well-known/acme-challenge/{token}` before it returns; `withdraw` is called afterwards.
    public func issue(
        domain: String,
        publish: @Sendable (_ token: String, _ keyAuthorization: String) async throws -> Void,
        withdraw: @Sendable (_ token: String) async -> Void
    ) async throws -> Issued {
        let kid = try await self.account()
        let directory = try await self.directory()
        guard let newOrder = directory["newOrder"]?.stringValue else { throw ACMEError.protocolViolation("no newOrder in the directory") }
        let order = try await self.post(newOrder, payload: ["identifiers": [["type": "dns", "value": .string(domain)]]], kid: kid)
        guard order.status == 201, let orderURL = order.location else {
            throw ACMEError.protocolViolation("newOrder answered \(order.status) without a Location")
        }
        let thumbprint = ACMEJWS.thumbprint(self.accountKey.publicKey)
        for authorization in order.json["authorizations"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            let authz = try await self.post(authorization, payload: nil, kid: kid).json
            if authz["status"]?.stringValue == "valid" { continue }  // reused authorization
            guard
                let challenge = authz["challenges"]?.arrayValue?.compactMap(\.objectValue).first(where: {
                    $0["type"]?.stringValue == "http-01"
                }),
                let token = challenge["token"]?.stringValue, let url = challenge["url"]?.stringValue
            else { throw ACMEError.protocolViolation("the authorization offers no http-01 challenge") }
            try await publish(token, "\(token).\(thumbprint)")
            do {
                _ = try await self.post(url, payload: .object(JSONObject()), kid: kid)
                let final = try await self.poll(authorization, kid: kid, until: ["valid", "invalid"])
                if final.json["status"]?.stringValue == "invalid" {
                    let failed = final.json["challenges"]?.arrayValue?.compactMap(\.objectValue).first { $0["error"] != nil }
                    let error = failed?["error"]?.objectValue ?? JSONObject()
                    throw ACMEError.problem(
                        type: error["type"]?.stringValue ?? "urn:ietf:params:acme:error:unauthorized",
                        detail: error["detail"]?.stringValue ?? "the challenge failed", status: 403, retryAfter: nil)
                }
            } catch {
                await withdraw(token)
                throw error
            }
            await withdraw(token)
        }
        let ready = try await self.poll(orderURL, kid: kid, until: ["ready", "valid", "invalid"])
        guard ready.json["status"]?.stringValue != "invalid" else { throw Self.orderProblem(ready.json) }
        let certificateKey = P256.Signing.PrivateKey()
        guard let finalize = order.json["finalize"]?.stringValue else { throw ACMEError.protocolViolation("the order has no finalize URL") }
        _ = try await self.post(finalize, payload: ["csr": .string(ACMEJWS.base64URL(try Self.csr(domain, key: certificateKey)))], kid: kid)
        let done = try await self.poll(orderURL, kid: kid, until: ["valid", "invalid"])
        guard done.json["status"]?.stringValue == "valid", let certificateURL = done.json["certificate"]?.stringValue else {
            throw Self.orderProblem(done.json)
        }
        let chain = try await self.post(certificateURL, payload: nil, kid: kid)
        guard chain.status == 200 else { throw ACMEError.protocolViolation("certificate download answered \(chain.status)") }
        return Issued(chainPEM: String(decoding: chain.body, as: UTF8.self), keyPEM: certificateKey.pemRepresentation)
    }

    /// The CA's suggested renewal window for the certificate (RFC 9773), or nil when the directory offers no
    /// `renewalInfo`, the certificate has no identifier for it, or the answer is unusable.
    public func renewalWindow(chainPEM: String) async throws -> (start: Timestamp, end: Timestamp)? {
        guard let base = try await self.directory()["renewalInfo"]?.stringValue, let id = ACMERenewalInfo.certID(chainPEM: chainPEM) else {
            return nil
        }
        let response = try await self.send(base.hasSuffix("/") ? base + id : base + "/" + id, method: .GET, body: nil)
        guard response.status == 200 else { return nil }
        return ACMERenewalInfo.window(response.json)
    }

    static func orderProblem(_ order: JSONObject) -> ACMEError {
        let error = order["error"]?.objectValue
        return .problem(
            type: error?["type"]?.stringValue ?? "urn:ietf:params:acme:error:orderNotReady",
            detail: error?["detail"]?.stringValue ?? "the order became \(order["status"]?.stringValue ?? "unusable")", status: 403,
            retryAfter: nil)
    }

    /// A CSR for `domain` with the name in a SAN extension (the PKCS #9 extensionRequest attribute).
    static func csr(_ domain: String, key: P256.Signing.PrivateKey) throws -> [UInt8] {
        let extensions = try Certificate.Extensions { SubjectAlternativeNames([.dnsName(domain)]) }
        let request = try CertificateSigningRequest(
            version: .v1, subject: try DistinguishedName { CommonName(domain) }, privateKey: Certificate.PrivateKey(key),
            attributes: CertificateSigningRequest.Attributes([try .init(ExtensionRequest(extensions: extensions))]),
            signatureAlgorithm: .ecdsaWithSHA256)
        var serializer = DER.Serializer()
        try serializer.serialize(request)
        return serializer.serializedBytes
    }

    // MARK: Protocol

    func directory() async throws -> JSONObject {
        if let directory = self.state.withLock({ $0.directory }) { return directory }
        let response = try await self.send(self.directoryURL, method: .GET, body: nil)
        guard response.status == 200, !response.json.isEmpty else {
            throw ACMEError.protocolViolation("the directory \(self.directoryURL) answered \(response.status)")
        }
        self.state.withLock { $0.directory = response.json }
        return response.json
    }

    /// The account URL (the `kid`), registering the key on first use.
    func account() async throws -> String {
        if let url = self.state.withLock({ $0.accountURL }) { return url }
        guard let newAccount = try await self.directory()["newAccount"]?.stringValue else {
            throw ACMEError.protocolViolation("no newAccount in the directory")
        }
        var payload = JSONObject([("termsOfServiceAgreed", true)])
        if let contact = self.contact { payload.append("contact", [.string("mailto:\(contact)")]) }
        let response = try await self.post(newAccount, payload: .object(payload), kid: nil)
        guard [200, 201].contains(response.status), let url = response.location else {
            throw ACMEError.protocolViolation("newAccount answered \(response.status)")
        }
        self.state.withLock { $0.accountURL = url }
        return url
    }

    /// Polls `url` (POST-as-GET) until its status is one of `states`, honouring `Retry-After`, within the timeout.
    func poll(_ url: String, kid: String, until states: Set<String>) async throws -> Response {
        let deadline = ContinuousClock.now + self.timeout
        while true {
            let response = try await self.post(url, payload: nil, kid: kid)
            if let status = response.json["status"]?.stringValue, states.contains(status) { return response }
            guard ContinuousClock.now < deadline else { throw ACMEError.timedOut("\(url) did not become \(states.sorted())") }
            let wait = Self.retryAfter(response.headers).map { Duration.seconds(min($0, 10)) } ?? self.pollInterval
            try await Task.sleep(for: wait)
        }
    }

    /// A signed POST; a `badNonce` answer is retried with the nonce it carries (RFC 8555 §6.5), up to 20 times — a
    /// bound against a CA that never accepts, high enough that a CA rejecting many nonces still gets through.
    func post(_ url: String, payload: JSONValue?, kid: String?) async throws -> Response {
        var attempts = 0
        while true {
            let nonce = try await self.nonce()
            let body = try ACMEJWS.sign(payload: payload, url: url, nonce: nonce, key: self.accountKey, kid: kid)
            let response = try await self.send(url, method: .POST, body: body)
            if response.status < 300 { return response }
            let problem = Self.problem(response)
            attempts += 1
            if problem.isBadNonce, attempts < 20 {
                self.nonceRetries.add(1, ordering: .relaxed)
                continue
            }
            throw problem
        }
    }

    func nonce() async throws -> String {
        if let nonce = self.state.withLock({ state -> String? in
            defer { state.nonce = nil }
            return state.nonce
        }) {
            return nonce
        }
        guard let newNonce = try await self.directory()["newNonce"]?.stringValue else {
            throw ACMEError.protocolViolation("no newNonce in the directory")
        }
        let response = try await self.send(newNonce, method: .HEAD, body: nil)
        guard let nonce = response.headers.first(name: "Replay-Nonce") else {
            throw ACMEError.protocolViolation("newNonce gave no Replay-Nonce")
        }
        return nonce
    }

    func send(_ url: String, method: HTTPMethod, body: [UInt8]?) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/jose+json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        request.headers.add(name: "User-Agent", value: "Haven ACME client")
        do {
            let response = try await self.http.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            if let nonce = response.headers.first(name: "Replay-Nonce") {
                self.state.withLock { $0.nonce = nonce }
            }
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
        } catch let error as ACMEError {
            throw error
        } catch {
            throw ACMEError.transport("\(url): \(error)")
        }
    }

    static func problem(_ response: Response) -> ACMEError {
        let json = response.json
        return .problem(
            type: json["type"]?.stringValue ?? "about:blank", detail: json["detail"]?.stringValue ?? "HTTP \(response.status)",
            status: response.status, retryAfter: self.retryAfter(response.headers))
    }

    static func retryAfter(_ headers: HTTPHeaders) -> Int64? {
        headers.first(name: "Retry-After").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
    }
}
