import Foundation
import HavenCore
public import HavenMail
public import NIOCore
import NIOPosix
public import NIOSSL

/// Haven's SMTP client (RFC 5321) for the smarthost: EHLO, STARTTLS required unless the URL says otherwise (with the
/// certificate verified against the host name), AUTH PLAIN (or LOGIN, when that is all the server offers) only over
/// TLS, one message per connection, each step's
/// reply checked. Every step is reported to `transcript` (never the message or the password).
public struct SMTPClient: Sendable {
    public typealias Security = SMTPURL.Security

    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        public var security: Security
        public var username: String?
        public var password: String?
        /// The name said in EHLO.
        public var heloName: String
        /// Roots trusted for the smarthost's certificate (`HAVEN_SMTP_CA_BUNDLE`); the system's when nil.
        public var trustRoots: [NIOSSLCertificate]?
        /// Roots trusted beside the system's (a tenant's own smarthost, where the operator's bundle is not the only
        /// trust).
        public var additionalTrustRoots: [NIOSSLCertificate]?
        /// The address to connect to instead of resolving `host` again (a tenant's smarthost, checked once:
        /// `SmarthostAddress`); the certificate is still verified against `host`.
        public var connectAddress: String?
        public var timeout: TimeAmount = .seconds(30)

        /// Reads `smtp://[user:password@]host[:port]`, `smtps://…` or `smtp+insecure://…` (`SMTPURL`); `name` says
        /// whose URL it is in the error.
        public static func parse(_ url: String, heloName: String, name: String = "HAVEN_SMTP_URL") throws -> Settings {
            let parsed: SMTPURL
            do {
                parsed = try SMTPURL(url)
            } catch {
                throw HavenError.usage("\(name) \(error.description)")
            }
            return Settings(
                host: parsed.host, port: parsed.port, security: parsed.security, username: parsed.username, password: parsed.password,
                heloName: heloName, trustRoots: nil)
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The server refused a step; `permanent` for 5xx (no retry makes it pass).
        case refused(step: String, reply: SMTPReply)
        case connection(String)
        case tlsNotOffered

        public var permanent: Bool {
            if case .refused(_, let reply) = self { return reply.isPermanentFailure }
            return false
        }

        /// Kept in the outbox: the step and codes only.
        public var summary: String {
            switch self {
            case .refused(let step, let reply): return "\(step) \(reply.summary)"
            case .connection(let reason): return "connection: \(reason)"
            case .tlsNotOffered: return "STARTTLS not offered"
            }
        }

        public var description: String {
            switch self {
            case .refused(let step, let reply): return "\(step) refused: \(reply)"
            case .connection(let reason): return "connection failed: \(reason)"
            case .tlsNotOffered:
                return "the server does not offer STARTTLS, which is required (use smtp+insecure:// only for a local relay)"
            }
        }
    }

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    /// The client `HAVEN_SMTP_URL` and `HAVEN_SMTP_CA_BUNDLE` describe, or nil when no smarthost is set.
    public static func configured(_ mail: ServerConfiguration.MailSettings, heloName: String) throws -> SMTPClient? {
        guard let url = mail.smtpURL else { return nil }
        var settings = try Settings.parse(url, heloName: heloName)
        if let bundle = mail.smtpCABundle {
            do {
                settings.trustRoots = try NIOSSLCertificate.fromPEMFile(bundle)
            } catch {
                throw HavenError.usage("Cannot read HAVEN_SMTP_CA_BUNDLE \(bundle): \(error)")
            }
        }
        return SMTPClient(settings: settings)
    }

    /// Sends one message; returns the server's final reply to the data.
    @discardableResult
    public func send(
        from sender: String, to recipients: [String], message: [UInt8], transcript: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> SMTPReply {
        let settings = self.settings
        let tls = try self.tlsContext()
        transcript("connecting to \(settings.host):\(settings.port)")
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(settings.timeout)
                .connect(host: settings.connectAddress ?? settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if settings.security == .implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(settings.host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: settings.timeout))
                        try channel.pipeline.syncOperations.addHandler(CloseOnIdle())
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure.connection("\(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            var conversation = Conversation(inbound: inbound.makeAsyncIterator(), outbound: outbound, transcript: transcript)
            try await conversation.expect("greeting", 220)
            var ehlo = try await conversation.command("EHLO \(settings.heloName)", step: "EHLO", 250)
            switch settings.security {
            case .startTLS:
                guard ehlo.extensions.contains("STARTTLS") else { throw Failure.tlsNotOffered }
                try await conversation.command("STARTTLS", step: "STARTTLS", 220)
                // The TLS handler goes in front of everything: the bytes after this reply are the handshake.
                let pipeline = channel.channel.pipeline
                try await channel.channel.eventLoop.submit {
                    try pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(settings.host)), position: .first)
                }.get()
                transcript("TLS started")
                ehlo = try await conversation.command("EHLO \(settings.heloName)", step: "EHLO", 250)
            case .implicitTLS, .none:
                break
            }
            if let username = settings.username {
                try await Self.authenticate(username, settings.password ?? "", offered: ehlo, &conversation)
            }
            try await conversation.command("MAIL FROM:<\(sender)>", step: "MAIL", 250)
            for recipient in recipients {
                try await conversation.command("RCPT TO:<\(recipient)>", step: "RCPT", 250, 251)
            }
            try await conversation.command("DATA", step: "DATA", 354)
            try await outbound.write(ByteBuffer(bytes: SMTPReplyReader.dataBlock(message)))
            transcript("> (message, \(message.count) bytes)")
            let accepted = try await conversation.expect("message", 250)
            _ = try? await conversation.command("QUIT", step: "QUIT", 221)
            return accepted
        }
    }

    /// AUTH PLAIN (RFC 4616) in one line; AUTH LOGIN's two prompts when the server offers LOGIN and not PLAIN
    /// (older Exchange and some hosted relays).
    static func authenticate(_ username: String, _ password: String, offered ehlo: SMTPReply, _ conversation: inout Conversation)
        async throws
    {
        let base64 = { (text: String) in Data(text.utf8).base64EncodedString() }
        let mechanisms = Set(
            ehlo.lines.dropFirst().filter { $0.uppercased().hasPrefix("AUTH") }
                .flatMap { $0.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).dropFirst().map(String.init) })
        if mechanisms.contains("LOGIN") && !mechanisms.contains("PLAIN") {
            try await conversation.command("AUTH LOGIN", step: "AUTH", 334)
            try await conversation.command(base64(username), step: "AUTH", 334, show: "(user name)")
            try await conversation.command(base64(password), step: "AUTH", 235, show: "(password)")
        } else {
            let token = Data([0] + Array(username.utf8) + [0] + Array(password.utf8)).base64EncodedString()
            try await conversation.command("AUTH PLAIN \(token)", step: "AUTH", 235, show: "AUTH PLAIN ***")
        }
    }

    func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let roots = self.settings.trustRoots { configuration.trustRoots = .certificates(roots) }
        if let roots = self.settings.additionalTrustRoots { configuration.additionalTrustRoots = [.certificates(roots)] }
        return try NIOSSLContext(configuration: configuration)
    }

    /// SNI takes names, not addresses (the certificate is still checked against an address).
    static func sniName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":") ? nil : host
    }

    /// One connection's commands and replies.
    struct Conversation {
        var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        let transcript: @Sendable (String) -> Void
        var reader = SMTPReplyReader()

        init(
            inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
            transcript: @escaping @Sendable (String) -> Void
        ) {
            self.inbound = inbound
            self.outbound = outbound
            self.transcript = transcript
        }

        @discardableResult
        mutating func command(_ line: String, step: String, _ expected: Int..., show: String? = nil) async throws -> SMTPReply {
            self.transcript("> " + (show ?? line))
            try await self.outbound.write(ByteBuffer(string: line + "\r\n"))
            return try await self.expect(step, expected)
        }

        @discardableResult
        mutating func expect(_ step: String, _ expected: Int...) async throws -> SMTPReply {
            try await self.expect(step, expected)
        }

        mutating func expect(_ step: String, _ expected: [Int]) async throws -> SMTPReply {
            while true {
                do {
                    if let reply = try self.reader.next() {
                        self.transcript("< \(reply.code) \(reply.lines.first ?? "")")
                        guard expected.contains(reply.code) else { throw Failure.refused(step: step, reply: reply) }
                        return reply
                    }
                } catch let malformed as SMTPReplyReader.Malformed {
                    throw Failure.connection(malformed.description)
                }
                guard let chunk = try await self.inbound.next() else {
                    throw Failure.connection("the server closed the connection during \(step)")
                }
                self.reader.append(chunk.readableBytesView)
            }
        }
    }
}
