import NIOCore
import NIOTLS

/// Closes a connection whose TLS handshake has not finished within the deadline (a client that connects and sends
/// nothing, or a handshake dribbled a byte at a time). Sits right after the TLS handler, which announces the finished
/// handshake as a user event.
final class HandshakeDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let timeout: Duration
    private let governor: ConnectionGovernor
    private var deadline: Scheduled<Void>?

    init(timeout: Duration, governor: ConnectionGovernor) {
        self.timeout = timeout
        self.governor = governor
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let governor = self.governor
        self.deadline = context.eventLoop.scheduleTask(in: TimeAmount(self.timeout)) {
            governor.record(.handshakeTimeout)
            loopBound.value.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.deadline?.cancel()
        self.deadline = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            self.deadline?.cancel()
            self.deadline = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.deadline?.cancel()
        self.deadline = nil
        context.fireChannelInactive()
    }
}
