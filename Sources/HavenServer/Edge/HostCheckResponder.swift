import HTTPTypes
public import HavenAPI
import HavenCore
public import Hummingbird
import NIOCore

/// The HTTPS listener's first step: a request for a host Haven does not serve gets 421 (RFC 9110 §15.5.20: the
/// connection reached a server that will not answer for that name), a Host that is not a host name 400. The health
/// path answers on any name, for load balancers that probe by address or an internal name.
public struct HostCheckResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == HavenRequestContext {
    public typealias Context = HavenRequestContext

    let base: Base
    let hosts: ServedHosts

    public init(_ base: Base, hosts: ServedHosts) {
        self.base = base
        self.hosts = hosts
    }

    public func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        if request.uri.path == "/healthz" { return try await self.base.respond(to: request, context: context) }
        guard let host = HostAuthority(request.head.authority)?.host else {
            return PlainHTTPResponder.plain(.badRequest, "A valid Host header is required\n")
        }
        let served: Bool
        do {
            served = try await self.hosts.serves(host)
        } catch {
            return PlainHTTPResponder.plain(.serviceUnavailable, "The server cannot check this host name now; retry\n")
        }
        guard served else {
            return PlainHTTPResponder.plain(.misdirectedRequest, "This server does not answer for that host name\n")
        }
        return try await self.base.respond(to: request, context: context)
    }
}
