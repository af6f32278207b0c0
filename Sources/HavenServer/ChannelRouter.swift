public import HavenAPI
public import HavenWeb
public import Hummingbird

/// The HTTPS listener's one entry: `/api/…` and `/healthz` to the API, `/mail/inbound` to the mail relay, every other
/// path to the web channel (the portal at the root, the console under /console, /static/ files).
public struct ChannelRouter: HTTPResponder {
    public typealias Context = HavenRequestContext

    let api: HavenResponder
    let web: WebResponder
    let mail: MailRelayResponder

    public init(api: HavenResponder, web: WebResponder, mail: MailRelayResponder) {
        self.api = api
        self.web = web
        self.mail = mail
    }

    public func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        let path = request.uri.path
        if path == "/api" || path.hasPrefix("/api/") || path == "/healthz" {
            return try await self.api.respond(to: request, context: context)
        }
        if path == MailRelayResponder.path {
            return await self.mail.respond(to: request, context: context)
        }
        return try await self.web.respond(to: request, context: context)
    }
}
