import HavenApp
import HavenCore
import HavenMail
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The inbound mail listener: LMTP (RFC 2033) on loopback or a Unix socket, behind the operator's MTA (Postfix keeps
/// port 25, TLS, spam filtering and the retry queue). Each connection runs `LMTPSession`; each message is stored once
/// per accepted recipient through `InboundMail` and answered per recipient — 250 once committed, 4xx when storing
/// failed (the MTA retries; nothing is lost), 5xx for what can never be stored. No recipient outside Haven's
/// addresses is accepted: it is not a relay.
struct LMTPListener: Service {
    struct Settings: Sendable {
        enum Address: Sendable, Equatable {
            case tcp(host: String, port: Int)
            case unixSocket(String)
        }

        var address: Address
        var maxMessageBytes: Int
        var limits: ParsedMail.Limits
        /// A connection that sends nothing for this long is closed (Postfix reconnects when it has mail).
        var idleTimeout: TimeAmount = .minutes(5)
        var maxConnections = 64
    }

    let settings: Settings
    let inbound: InboundMail
    let hostname: String
    let logger: Logger
    let onListening: @Sendable (String, Int) async -> Void
    private let connections = LiveConnections()

    init(
        settings: Settings, inbound: InboundMail, hostname: String, logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) {
        self.settings = settings
        self.inbound = inbound
        self.hostname = hostname
        self.logger = logger
        self.onListening = onListening
    }

    func run() async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 64)
        let idle = self.settings.idleTimeout
        let initializer: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idle))
                try channel.pipeline.syncOperations.addHandler(CloseOnIdle())
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        switch self.settings.address {
        case .tcp(let host, let port):
            server = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
        case .unixSocket(let path):
            server = try await bootstrap.bind(
                unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initializer)
        }
        let port = server.channel.localAddress?.port ?? 0
        self.logger.info("LMTP listening", metadata: ["address": "\(self.settings.address)", "port": "\(port)"])
        await self.onListening("lmtp", port)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        guard self.connections.count < self.settings.maxConnections else {
                            group.addTask { await Self.refuse(connection, "421 4.3.2 Too many connections, try again later") }
                            continue
                        }
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            self.connections.closeIdle()
        }
    }

    static func refuse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, _ reply: String) async {
        try? await connection.executeThenClose { _, outbound in
            try await outbound.write(ByteBuffer(string: reply + "\r\n"))
        }
    }

    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let id = self.connections.add(connection.channel)
        defer { self.connections.remove(id) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var conversation = LMTPConversation(
                    session: LMTPSession(hostname: self.hostname, maxMessageBytes: self.settings.maxMessageBytes))
                func send(_ reply: String) async throws { try await outbound.write(ByteBuffer(string: reply + "\r\n")) }
                try await send(conversation.session.greeting)
                var iterator = inbound.makeAsyncIterator()
                while true {
                    switch conversation.next() {
                    case .needBytes:
                        self.connections.setBusy(id, conversation.inTransaction)
                        guard !self.connections.isClosing || conversation.inTransaction else {
                            try await send("421 4.3.2 Haven is shutting down, try again later")
                            return
                        }
                        guard let chunk = try await iterator.next() else { return }
                        conversation.append(chunk.readableBytesView)
                    case .reply(let reply):
                        try await send(reply)
                    case .close(let reply):
                        try await send(reply)
                        return
                    case .checkRecipient(let address):
                        let verdict: LMTPSession.Verdict
                        do {
                            verdict = try await self.inbound.route(address) != nil ? .accepted : .unknown
                        } catch {
                            self.logger.error("LMTP recipient check failed", metadata: ["error": "\(LogRedaction.describe(error))"])
                            verdict = .temporaryFailure
                        }
                        try await send(conversation.session.recipient(address, verdict: verdict))
                    case .deliver(let envelope, let message, let tooLarge):
                        for recipient in envelope.recipients {
                            try await send(await self.deliver(message, tooLarge: tooLarge, to: recipient, sender: envelope.sender))
                        }
                        conversation.delivered()
                    }
                }
            }
        } catch {
            self.logger.debug("LMTP connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// One recipient's answer: the message stored for its tenant, or why not.
    func deliver(_ message: [UInt8], tooLarge: Bool, to recipient: String, sender: String) async -> String {
        if tooLarge { return "552 5.3.4 The message is larger than \(self.settings.maxMessageBytes) bytes" }
        do {
            guard let tenant = try await self.inbound.route(recipient) else { return "550 5.1.1 No such mailbox here" }
            let outcome = try await self.inbound.deliver(
                message, tenant: tenant, recipient: recipient, envelopeSender: sender, limits: self.settings.limits)
            self.logger.info("mail received", metadata: ["tenant": "\(tenant)", "outcome": "\(outcome)"])
            return "250 2.0.0 Stored"
        } catch let refusal as InboundMail.Refusal {
            return "550 5.6.0 \(refusal.description)"
        } catch {
            self.logger.error("storing inbound mail failed", metadata: ["error": "\(LogRedaction.describe(error))"])
            return "451 4.3.0 Haven cannot store the message now, try again later"
        }
    }
}

/// The connections open now, so a graceful shutdown can close the idle ones at once and let the busy ones finish
/// the message they are reading.
final class LiveConnections: Sendable {
    private struct Entry {
        let channel: any Channel
        var busy: Bool
    }

    private let state = Mutex<(next: Int, entries: [Int: Entry], closing: Bool)>((0, [:], false))

    var count: Int { self.state.withLock { $0.entries.count } }
    var isClosing: Bool { self.state.withLock { $0.closing } }

    func add(_ channel: any Channel) -> Int {
        self.state.withLock {
            $0.next += 1
            $0.entries[$0.next] = Entry(channel: channel, busy: false)
            return $0.next
        }
    }

    func remove(_ id: Int) {
        _ = self.state.withLock { $0.entries.removeValue(forKey: id) }
    }

    func setBusy(_ id: Int, _ busy: Bool) {
        self.state.withLock { $0.entries[id]?.busy = busy }
    }

    func closeIdle() {
        let idle = self.state.withLock { state -> [any Channel] in
            state.closing = true
            return state.entries.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }
}

/// Closes a connection whose peer has been silent for the idle timeout.
final class CloseOnIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
