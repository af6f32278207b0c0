public import Hummingbird
public import NIOCore

/// The per-request context Hummingbird creates. Identity is not kept here: the responder resolves the tenant and
/// agent once and hands handlers an `APIRequest`, so no handler can run without them.
public struct HavenRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
