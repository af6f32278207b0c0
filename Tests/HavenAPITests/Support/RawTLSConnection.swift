import NIOCore
import NIOPosix
import NIOSSL

/// Sends exactly the given bytes over TLS (after a handshake trusting `ca`, with `serverName` as SNI) and collects
/// what the server sends until it closes the connection or `timeout` passes.
enum RawTLSConnection {
    struct Outcome: Sendable {
        let text: String
        let closed: Bool
    }

    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var received: [UInt8] = []
        var finished = false
        let done: EventLoopPromise<Outcome>

        init(done: EventLoopPromise<Outcome>) { self.done = done }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.received += Array(self.unwrapInboundIn(data).readableBytesView)
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.finish(closed: true)
        }

        /// Runs on the channel's event loop, like every other method here.
        func finish(closed: Bool) {
            guard !self.finished else { return }
            self.finished = true
            self.done.succeed(Outcome(text: String(decoding: self.received, as: UTF8.self), closed: closed))
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    static func exchange(
        port: Int, serverName: String?, trusting ca: NIOSSLCertificate, bytes: [UInt8], timeout: TimeAmount = .seconds(5)
    ) async throws -> Outcome {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates([ca])
        let context = try NIOSSLContext(configuration: tls)
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: Outcome.self)
        let collector = Collector(done: promise)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: context, serverHostname: serverName))
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            collector.finish(closed: false)
            channel.close(promise: nil)
        }
        let outcome = try await promise.futureResult.get()
        timer.cancel()
        try? await channel.close().get()
        return outcome
    }

    static func exchange(
        port: Int, serverName: String?, trusting ca: NIOSSLCertificate, _ text: String, timeout: TimeAmount = .seconds(5)
    ) async throws -> Outcome {
        try await self.exchange(port: port, serverName: serverName, trusting: ca, bytes: Array(text.utf8), timeout: timeout)
    }
}
