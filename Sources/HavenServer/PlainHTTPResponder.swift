import HTTPTypes
public import HavenAPI
import HavenCore
public import HavenStore
public import Hummingbird
import NIOCore
import Synchronization

/// The plain-HTTP listener: a health path, the ACME http-01 challenge path (answered from the database, so any node
/// answers for any other; unknown tokens get 404), and a 308 redirect of everything else to the same host and path on
/// HTTPS, query kept — only for hosts Haven serves (421 otherwise: no open redirect). With the development switch,
/// the API is also served here, to loopback clients only.
public struct PlainHTTPResponder: HTTPResponder {
    public typealias Context = HavenRequestContext

    let api: HavenResponder
    /// The HTTPS listener's port, known once it is bound (it may be chosen by the system).
    let httpsPort: HTTPSPort
    let apiOnLoopback: Bool
    let store: Store
    let hosts: ServedHosts

    public init(api: HavenResponder, httpsPort: HTTPSPort, apiOnLoopback: Bool, store: Store, hosts: ServedHosts) {
        self.api = api
        self.httpsPort = httpsPort
        self.apiOnLoopback = apiOnLoopback
        self.store = store
        self.hosts = hosts
    }

    public func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" {
            return try await self.api.respond(to: request, context: context)
        }
        if path.hasPrefix("/.well-known/acme-challenge/") {
            let token = String(path.dropFirst("/.well-known/acme-challenge/".count))
            guard (1...128).contains(token.utf8.count),
                token.utf8.allSatisfy({ $0.isBase64URL }),
                let host = HostAuthority(request.head.authority)?.host,
                let answer = try await self.store.read({ sql in
                    try await self.store.certificateIssuance.answer(token: token, host: host, at: self.store.clock.now(), on: sql)
                })
            else { return Self.plain(.notFound, "No such challenge\n") }
            return Self.plain(.ok, answer)
        }
        if self.apiOnLoopback, path.hasPrefix("/api/"), Self.isLoopback(context.remoteAddress) {
            return try await self.api.respond(to: request, context: context)
        }
        guard let host = HostAuthority(request.head.authority)?.host else {
            return Self.plain(.badRequest, "A valid Host header is required\n")
        }
        guard try await self.hosts.serves(host) else {
            return Self.plain(.misdirectedRequest, "This server does not answer for that host name\n")
        }
        let httpsPort = self.httpsPort.value
        let port = httpsPort == 443 ? "" : ":\(httpsPort)"
        let target = request.uri.query.map { "\(path)?\($0)" } ?? path
        var headers = HTTPFields()
        headers[.location] = "https://\(host)\(port)\(target)"
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: .permanentRedirect,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: "Use HTTPS\n"))
        )
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip == "::ffff:127.0.0.1"
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The HTTPS port as bound, shared with the redirecting listener.
public final class HTTPSPort: Sendable {
    private let port: Atomic<Int>

    public init(_ port: Int) {
        self.port = Atomic(port)
    }

    public var value: Int { self.port.load(ordering: .relaxed) }

    func set(_ port: Int) {
        self.port.store(port, ordering: .relaxed)
    }
}

extension UInt8 {
    /// A character of base64url (ACME tokens).
    fileprivate var isBase64URL: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || self == 0x2D || self == 0x5F
    }
}
