public import HavenAPI
public import HavenWeb
public import Hummingbird

/// The HTTPS listener's one entry: `/api/…` and `/healthz` to the API, every other path to the web channel (the
/// portal at the root, the console under /console, /static/ files).
public struct ChannelRouter: HTTPResponder {
    public typealias Context = HavenRequestContext

    let api: HavenResponder
    let web: WebResponder

    public init(api: HavenResponder, web: WebResponder) {
        self.api = api
        self.web = web
    }

    public func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        let path = request.uri.path
        if path == "/api" || path.hasPrefix("/api/") || path == "/healthz" {
            return try await self.api.respond(to: request, context: context)
        }
        return try await self.web.respond(to: request, context: context)
    }
}
