import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Wraps a listener's child-channel setup (HTTP/1, with or without TLS): admission by the governor at accept, then
/// the handshake deadline after the TLS handler and the exchange guard right after the HTTP decoder.
struct GovernedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    struct Refused: Error {
        let event: ConnectionGovernor.Event
    }

    let base: Base
    let governor: ConnectionGovernor
    /// The security headers of the answers the guard writes itself.
    let securityHeaders: [(String, String)]
    /// The application's request-body limits.
    let bodyLimits: BodyLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        switch self.governor.admit(channel.remoteAddress?.ipAddress) {
        case .refused(let event):
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(Refused(event: event))
        case .admitted(let key):
            let governor = self.governor
            channel.closeFuture.whenComplete { _ in governor.release(key) }
        }
        let limits = self.governor.limits
        return self.base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let tls = try? pipeline.handler(type: NIOSSLServerHandler.self)
            if let tls {
                try pipeline.addHandler(
                    HandshakeDeadlineHandler(timeout: limits.handshakeTimeout, governor: self.governor), position: .after(tls))
            }
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(
                HTTPExchangeGuard(
                    limits: limits, governor: self.governor, securityHeaders: self.securityHeaders, afterHandshake: tls != nil,
                    bodyLimits: self.bodyLimits),
                position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.base.handle(value: value, logger: logger)
    }
}
