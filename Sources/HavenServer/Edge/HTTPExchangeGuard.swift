import NIOCore
import NIOHTTP1

/// Watches each request/answer exchange of one HTTP/1 connection, between the HTTP decoder and the rest of the
/// pipeline, and enforces what the framework leaves open:
/// - a complete request head within `requestHeadTimeout` of accept, the next one within `keepAliveTimeout` of an
///   answer (slowloris and idle connections are closed);
/// - a body arriving at least `minBodyBytesPerSecond` on average after the head timeout's grace;
/// - exactly one Host (RFC 9112 §3.2: 400 otherwise);
/// - `Connection: close` for HTTP/1.0 without keep-alive and for a request asking for it, echoed in the answer, and
///   the connection closed after it;
/// - an answer sent before its request's body ended (401, 413…) closes the connection after a short, bounded
///   lingering read, instead of reading and decrypting an unbounded body;
/// - a malformed request gets a 400 carrying the security headers, then the connection closes;
/// - `Expect: 100-continue` gets its interim `100 Continue` when the declared body fits the limit (clients such as
///   curl otherwise wait a second before sending a body over 1 MB); over the limit, the application's 413 comes first.
final class HTTPExchangeGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// One request and its answer. Requests a client pipelines queue up; answers go out in their order.
    struct Exchange {
        /// The head has arrived and the end has not.
        var open = true
        /// The answer must be the connection's last.
        var closeAfterAnswer: Bool
        /// An HTTP/1.0 client asked for keep-alive (the answer must say so, or it closes).
        var keepAliveHTTP10: Bool
        var started = NIODeadline.now()
        var bodyBytes = 0
        /// The body's declared length is small enough to read to its end after an early answer (keep-alive kept).
        var drainable: Bool
    }

    /// A body declared up to this long is read to its end after an early answer rather than closing the connection.
    static let drainableBodyBytes = 65_536

    private let limits: ConnectionLimits
    private let governor: ConnectionGovernor
    private let headers: [(String, String)]

    private var exchanges: [Exchange] = []
    private var answering = false
    /// After the last answer: drop what still arrives until the body ends, the linger time passes or too much arrived.
    private var lingering = false
    private var lingeredBytes = 0
    private var lastAnswerWritten: EventLoopFuture<Void>?
    /// Refused outright (bad Host, malformed): nothing more is read.
    private var refused = false
    /// When the connection closes unless something happens first, and what to count then. Re-arming only moves this
    /// deadline: the one scheduled task is moved only when the deadline comes earlier, so a busy keep-alive connection
    /// does not schedule and cancel a timer per request.
    private var deadline: (at: NIODeadline, event: ConnectionGovernor.Event?)?
    private var timer: (task: Scheduled<Void>, at: NIODeadline)?
    private var rateWatch: RepeatedTask?

    /// Time from accept to the first request head: on TLS the handshake's own deadline comes first.
    private let firstHeadTimeout: Duration
    /// The largest request bodies the application accepts (for `Expect: 100-continue`).
    private let bodyLimits: BodyLimits

    /// - Parameter securityHeaders: the listener's security headers, for the answers this handler writes itself.
    /// - Parameter afterHandshake: the connection starts with a TLS handshake.
    init(
        limits: ConnectionLimits, governor: ConnectionGovernor, securityHeaders: [(String, String)], afterHandshake: Bool,
        bodyLimits: BodyLimits
    ) {
        self.limits = limits
        self.bodyLimits = bodyLimits
        self.governor = governor
        self.headers = securityHeaders
        self.firstHeadTimeout = afterHandshake ? limits.handshakeTimeout + limits.requestHeadTimeout : limits.requestHeadTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.arm(context, after: self.firstHeadTimeout, .requestHeadTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.stopTimers()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.stopTimers()
        context.fireChannelInactive()
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = self.unwrapInboundIn(data)
        if self.refused { return }
        if self.lingering {
            self.linger(context, part)
            return
        }
        switch part {
        case .head(let head):
            self.disarm()
            if let problem = Self.hostProblem(head) {
                self.refuse(context, problem)
                return
            }
            self.exchanges.append(
                Exchange(
                    closeAfterAnswer: !head.isKeepAlive, keepAliveHTTP10: head.version == .http1_0 && head.isKeepAlive,
                    drainable: Self.declaredLength(head).map { $0 <= Self.drainableBodyBytes } ?? false))
            if self.limits.minBodyBytesPerSecond > 0, Self.hasBody(head) { self.watchBodyRate(context) }
            if head.version == .http1_1, head.headers["Expect"].contains(where: { $0.lowercased() == "100-continue" }),
                (Self.declaredLength(head) ?? 0) <= self.bodyLimits.limit(contentType: head.headers["Content-Type"].first)
            {
                context.writeAndFlush(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))), promise: nil)
            }
        case .body(let buffer):
            if !self.exchanges.isEmpty { self.exchanges[self.exchanges.count - 1].bodyBytes += buffer.readableBytes }
        case .end:
            if !self.exchanges.isEmpty { self.exchanges[self.exchanges.count - 1].open = false }
            self.rateWatch?.cancel()
            self.rateWatch = nil
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        // A request cut short by a close (a timeout's, or the client hanging up) is reported too: nothing to answer.
        guard context.channel.isActive, parserError != .invalidEOFState else {
            context.close(promise: nil)
            return
        }
        self.refuse(context, "The request is not valid HTTP/1.1")
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch self.unwrapOutboundIn(data) {
        case .head(var head):
            self.answering = true
            if let first = self.exchanges.first, first.open, !first.drainable {
                // Answered before a long or unbounded body ended: the rest is not wanted.
                self.exchanges[0].closeAfterAnswer = true
                self.disarm()
            }
            if self.exchanges.first?.closeAfterAnswer ?? false {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
            } else if self.exchanges.first?.keepAliveHTTP10 ?? false {
                head.headers.replaceOrAdd(name: "Connection", value: "keep-alive")
            }
            context.write(self.wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            self.answering = false
            let exchange = self.exchanges.isEmpty ? nil : self.exchanges.removeFirst()
            guard let exchange, exchange.closeAfterAnswer else {
                context.write(data, promise: promise)
                if self.exchanges.isEmpty { self.arm(context, after: self.limits.keepAliveTimeout, .keepAliveTimeout) }
                return
            }
            let written = promise ?? context.eventLoop.makePromise()
            context.writeAndFlush(data, promise: written)
            self.lastAnswerWritten = written.futureResult
            self.exchanges.removeAll()
            guard exchange.open else {
                self.closeOnceAnswered(context)
                return
            }
            self.governor.record(.closedAfterEarlyAnswer)
            self.lingering = true
            self.arm(context, after: self.limits.lingerTime, nil)
        }
    }

    // MARK: Steps

    /// Drops the rest of an unwanted body; closes once it ends or too much of it arrived.
    private func linger(_ context: ChannelHandlerContext, _ part: HTTPServerRequestPart) {
        switch part {
        case .body(let buffer):
            self.lingeredBytes += buffer.readableBytes
            if self.lingeredBytes > self.limits.lingerBytes { self.closeOnceAnswered(context) }
        case .end, .head:
            self.closeOnceAnswered(context)
        }
    }

    private func closeOnceAnswered(_ context: ChannelHandlerContext) {
        self.disarm()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let written = self.lastAnswerWritten ?? context.eventLoop.makeSucceededVoidFuture()
        written.whenComplete { _ in loopBound.value.close(promise: nil) }
    }

    /// Answers 400 with the security headers and closes; nothing of the request reaches the application. While an
    /// answer is under way (a pipelined request), it just closes after that answer.
    private func refuse(_ context: ChannelHandlerContext, _ reason: String) {
        guard !self.refused else { return }
        self.governor.record(.malformedRequest)
        self.refused = true
        self.disarm()
        if self.answering || !self.exchanges.isEmpty {
            self.exchanges = self.exchanges.map {
                var exchange = $0
                exchange.closeAfterAnswer = true
                return exchange
            }
            return
        }
        let body = context.channel.allocator.buffer(string: reason + "\n")
        var fields = HTTPHeaders(self.headers)
        fields.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        fields.add(name: "Content-Length", value: String(body.readableBytes))
        fields.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: fields)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        self.lastAnswerWritten = context.writeAndFlush(self.wrapOutboundOut(.end(nil)))
        self.closeOnceAnswered(context)
    }

    /// Checks every second that the body keeps up with the minimum rate, once the head timeout's grace has passed.
    private func watchBodyRate(_ context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.rateWatch = context.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { task in
            let (handler, context) = loopBound.value
            guard let exchange = handler.exchanges.last, exchange.open, !handler.answering else {
                task.cancel()
                return
            }
            let elapsed = NIODeadline.now() - exchange.started
            guard elapsed > TimeAmount(handler.limits.requestHeadTimeout) else { return }
            let expected = Int64(handler.limits.minBodyBytesPerSecond) * elapsed.nanoseconds / 1_000_000_000
            if Int64(exchange.bodyBytes) < expected {
                handler.governor.record(.slowBody)
                task.cancel()
                context.close(promise: nil)
            }
        }
    }

    /// Closes the connection when `timeout` passes first, counting `event`.
    private func arm(_ context: ChannelHandlerContext, after timeout: Duration, _ event: ConnectionGovernor.Event?) {
        self.rateWatch?.cancel()
        self.rateWatch = nil
        let at = NIODeadline.now() + TimeAmount(timeout)
        self.deadline = (at, event)
        if let timer = self.timer {
            guard at < timer.at else { return }
            timer.task.cancel()
        }
        self.schedule(context, at: at)
    }

    private func schedule(_ context: ChannelHandlerContext, at: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let task = context.eventLoop.scheduleTask(deadline: at) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            guard let deadline = handler.deadline else { return }
            guard NIODeadline.now() >= deadline.at else {
                handler.schedule(context, at: deadline.at)
                return
            }
            if let event = deadline.event { handler.governor.record(event) }
            context.close(promise: nil)
        }
        self.timer = (task, at)
    }

    /// No deadline applies until the next `arm` (the scheduled task, if any, finds none and ends).
    private func disarm() {
        self.deadline = nil
        self.rateWatch?.cancel()
        self.rateWatch = nil
    }

    private func stopTimers() {
        self.disarm()
        self.timer?.task.cancel()
        self.timer = nil
    }

    /// Why a request's Host headers are refused here: RFC 9112 wants exactly one in HTTP/1.1 and never two. (A single
    /// Host whose value is no host name is the responders' to refuse, keeping the connection.)
    static func hostProblem(_ head: HTTPRequestHead) -> String? {
        let hosts = head.headers["Host"]
        if hosts.count > 1 { return "Exactly one Host header is required; the request has \(hosts.count)" }
        if hosts.isEmpty, head.version != .http1_0 { return "A Host header is required" }
        return nil
    }

    static func hasBody(_ head: HTTPRequestHead) -> Bool {
        head.headers.contains(name: "Transfer-Encoding") || (self.declaredLength(head) ?? 0) > 0
    }

    /// The Content-Length of a request without Transfer-Encoding (nil for a chunked body).
    static func declaredLength(_ head: HTTPRequestHead) -> Int? {
        guard !head.headers.contains(name: "Transfer-Encoding") else { return nil }
        return head.headers.first(name: "Content-Length").flatMap { Int($0) } ?? 0
    }
}
