public import HTTPTypes
public import HavenAPI
public import Hummingbird

/// The HTTPS security headers: HSTS for a year (with subdomains: every tenant host is HTTPS), no MIME sniffing, no
/// referrer leaving the site, no framing, and for HTML a Content-Security-Policy that also forbids framing.
public enum SecurityHeaders {
    public static let fields: [(HTTPField.Name, String)] = [
        (.strictTransportSecurity, "max-age=31536000; includeSubDomains"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
    ]

    public static let htmlContentSecurityPolicy =
        "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"

    static func apply(to response: inout Response) {
        for (name, value) in self.fields {
            response.headers[name] = value
        }
        if response.headers[.contentType]?.lowercased().hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] = self.htmlContentSecurityPolicy
        }
    }
}

/// Adds `SecurityHeaders` to every response of the wrapped responder, error answers included.
public struct SecurityHeadersResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == HavenRequestContext {
    public typealias Context = HavenRequestContext

    let base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        var response = try await self.base.respond(to: request, context: context)
        SecurityHeaders.apply(to: &response)
        return response
    }
}
