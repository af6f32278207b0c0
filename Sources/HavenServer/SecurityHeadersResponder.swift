public import HTTPTypes
public import HavenAPI
import HavenWeb
public import Hummingbird

/// The security headers on every answer Haven writes: HSTS for a year on HTTPS (with subdomains: every tenant host is
/// HTTPS; RFC 6797 forbids sending it over plain HTTP), no MIME sniffing, no referrer leaving the site, no framing, and
/// for HTML a Content-Security-Policy that also forbids framing. The connection guard adds the same to the answers it
/// writes itself (malformed requests, a bad Host).
public enum SecurityHeaders {
    public static let fields: [(HTTPField.Name, String)] = [
        (.strictTransportSecurity, "max-age=31536000; includeSubDomains"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (frameOptions, "DENY"),
    ]
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    /// The fields for a listener: without HSTS on plain HTTP.
    static func fields(secure: Bool) -> [(HTTPField.Name, String)] {
        secure ? self.fields : self.fields.filter { $0.0 != .strictTransportSecurity }
    }

    /// The pages' policy (people.md §3) for any HTML answer without one of its own (a page may set its own: the
    /// widget's form page will relax framing to the tenant's allowed origins only).
    public static let htmlContentSecurityPolicy = PagePolicy.contentSecurityPolicy

    static func apply(to response: inout Response, secure: Bool) {
        // A page whose policy names who may frame it (the widget's form) gets no X-Frame-Options: DENY over it.
        let framedByPolicy =
            response.headers[.contentSecurityPolicy].map { $0.contains("frame-ancestors") && !$0.contains("frame-ancestors 'none'") }
            ?? false
        for (name, value) in self.fields(secure: secure) where !(framedByPolicy && name == Self.frameOptions) {
            response.headers[name] = value
        }
        if response.headers[.contentType]?.lowercased().hasPrefix("text/html") == true, response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = self.htmlContentSecurityPolicy
        }
    }
}

/// Adds `SecurityHeaders` to every response of the wrapped responder, error answers included.
public struct SecurityHeadersResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == HavenRequestContext {
    public typealias Context = HavenRequestContext

    let base: Base
    /// Whether the listener is HTTPS (HSTS is sent only there).
    let secure: Bool

    public init(_ base: Base, secure: Bool = true) {
        self.base = base
        self.secure = secure
    }

    public func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        var response = try await self.base.respond(to: request, context: context)
        SecurityHeaders.apply(to: &response, secure: self.secure)
        return response
    }
}
