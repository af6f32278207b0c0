public import HavenCore
public import Hummingbird

/// One API endpoint: verb, path pattern, the permission it needs, and whether it takes a body. Controllers declare
/// their routes as values, so tests can walk every route (the tenant-isolation test does).
public struct Route: Sendable {
    public enum BodyRule: Sendable {
        /// No body may be sent; `{}` or nothing is tolerated (python-freshdesk sends a JSON content type anyway).
        case none
        /// A JSON object body; absent counts as `{}`.
        case json
        /// A JSON object, or `multipart/form-data` with `attachments[]` files (`FormBodyFields`).
        case jsonOrForm
    }

    public typealias Handler = @Sendable (APIRequest) async throws -> APIResponse

    public let method: HTTPRequest.Method
    /// Like `/tickets/:id/restore`, relative to `/api/v2`. `:name` matches a positive decimal integer.
    public let pattern: String
    public let permission: Permission
    public let body: BodyRule
    /// Extra rate-limit cost (Freshdesk charges for embeds); computed from the request.
    public let cost: @Sendable (QueryParameters) -> Int
    public let handler: Handler
    let segments: [Segment]

    enum Segment: Sendable, Equatable {
        case literal(String)
        /// `:name`, a positive decimal integer.
        case parameter(String)
        /// `{name}`, an opaque lower-case hexadecimal token (job ids).
        case token(String)
    }

    public init(
        _ method: HTTPRequest.Method,
        _ pattern: String,
        _ permission: Permission,
        body: BodyRule = .none,
        cost: @escaping @Sendable (QueryParameters) -> Int = { _ in 1 },
        handler: @escaping Handler
    ) {
        self.method = method
        self.pattern = pattern
        self.permission = permission
        self.body = body
        self.cost = cost
        self.handler = handler
        self.segments = pattern.split(separator: "/").map { part in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("{") { return .token(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
    }

    /// Path parameters when `path` (split, without `/api/v2`) matches this route's pattern.
    func match(_ path: [Substring]) -> (ids: [String: Int64], tokens: [String: String])? {
        guard path.count == self.segments.count else { return nil }
        var parameters: [String: Int64] = [:]
        var tokens: [String: String] = [:]
        for (segment, part) in zip(self.segments, path) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                guard part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int64(part), value > 0 else {
                    return nil
                }
                parameters[name] = value
            case .token(let name):
                guard (1...64).contains(part.utf8.count),
                    part.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
                else { return nil }
                tokens[name] = String(part)
            }
        }
        return (parameters, tokens)
    }
}
