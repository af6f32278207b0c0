import Foundation

/// Where and how to reach a smarthost, read from `smtp://[user:password@]host[:port]` (STARTTLS required),
/// `smtps://…` (TLS from the first byte) or `smtp+insecure://…` (no TLS: a relay on the same machine only). The
/// deployment's `HAVEN_SMTP_URL` and a tenant's own smarthost are read by the same rules.
public struct SMTPURL: Sendable, Equatable {
    public enum Security: Sendable, Equatable {
        /// `smtp://`: plain connection upgraded with STARTTLS, refused if the server does not offer it.
        case startTLS
        /// `smtps://`: TLS from the first byte (port 465).
        case implicitTLS
        /// `smtp+insecure://`: no TLS at all — for a relay on the same machine only.
        case none
    }

    /// Why a URL cannot be used, in words for the person who wrote it (the password never quoted).
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?

    public init(_ url: String) throws(Invalid) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw Invalid(description: "\(Self.redacted(url)) is not a URL like smtp://user:password@host:587") }
        switch scheme {
        case "smtp": (self.security, self.port) = (.startTLS, components.port ?? 587)
        case "smtps": (self.security, self.port) = (.implicitTLS, components.port ?? 465)
        case "smtp+insecure": (self.security, self.port) = (.none, components.port ?? 25)
        default: throw Invalid(description: "must start with smtp://, smtps:// or smtp+insecure:// (not \(scheme)://)")
        }
        guard (1...65535).contains(self.port) else { throw Invalid(description: "has an invalid port") }
        guard components.path.isEmpty || components.path == "/", components.query == nil else {
            throw Invalid(description: "takes no path or query: smtp://user:password@host:587")
        }
        self.host = host
        self.username = components.user?.removingPercentEncoding
        self.password = components.password?.removingPercentEncoding
        if self.username != nil, self.security == .none {
            throw Invalid(description: "would send its password without TLS: use smtp:// (STARTTLS) or smtps://")
        }
    }

    /// The URL without its password, for messages and pages.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
