import Synchronization

/// The route pattern a request was matched to (`GET /tickets/:id`, never a path with its ids), for the operators'
/// request metrics: the server's outermost responder gives each request one, and the responder that routes the
/// request names the pattern it chose. A pattern is code's, never a client's, so no label carries a tenant's data.
public final class RequestRoute: Sendable {
    @TaskLocal public static var current: RequestRoute?

    private let pattern = Mutex<String?>(nil)

    public init() {}

    public var name: String? { self.pattern.withLock { $0 } }

    /// Names the current request's route (no-op outside a measured request).
    public static func name(_ pattern: String) {
        Self.current?.pattern.withLock { $0 = pattern }
    }
}
