/// An LMTP connection's bytes turned into steps: command lines go to `LMTPSession`, message data to
/// `LMTPDataReader`, and what a pipelining client sent ahead stays buffered for the next step. Pure, so the
/// listener is a loop of "do what this says" and every byte-level case is testable without a socket.
public struct LMTPConversation: Sendable {
    public enum Step: Sendable, Equatable {
        /// Read more bytes and `append` them.
        case needBytes
        case reply(String)
        case close(String)
        /// Look the recipient up and answer with `session.recipient(_:verdict:)`.
        case checkRecipient(String)
        /// Deliver the message to each recipient (one reply each, in order), then call `delivered()`.
        case deliver(LMTPSession.Envelope, [UInt8], tooLarge: Bool)
    }

    /// A command line longer than this ends the connection (RFC 5321 allows 512; some clients send a little more).
    public static let maxCommandLine = 4_096

    public var session: LMTPSession
    private var buffer: [UInt8] = []
    private var data: LMTPDataReader?

    public init(session: LMTPSession) {
        self.session = session
    }

    /// True while a message is being collected (after `MAIL`): a shutdown lets it finish.
    public var inTransaction: Bool { self.session.envelope != nil }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        self.buffer.append(contentsOf: bytes)
    }

    public mutating func next() -> Step {
        if var reader = self.data {
            // Taken out while it grows, so its message buffer stays uniquely referenced (no copy per chunk).
            self.data = nil
            let consumed = reader.feed(self.buffer)
            guard let consumed else {
                self.buffer.removeAll(keepingCapacity: true)
                self.data = reader
                return .needBytes
            }
            self.buffer.removeFirst(consumed)
            self.data = nil
            guard let envelope = self.session.envelope else { return .reply("503 5.5.1 No transaction") }
            return .deliver(envelope, reader.message, tooLarge: reader.tooLarge)
        }
        guard let newline = self.buffer.firstIndex(of: 10) else {
            if self.buffer.count > Self.maxCommandLine { return .close("500 5.5.2 Line too long") }
            return .needBytes
        }
        guard newline <= Self.maxCommandLine else { return .close("500 5.5.2 Line too long") }
        let line = String(decoding: self.buffer[..<newline], as: UTF8.self)
        self.buffer.removeFirst(newline + 1)
        switch self.session.command(line) {
        case .reply(let reply): return .reply(reply)
        case .close(let reply): return .close(reply)
        case .checkRecipient(let address): return .checkRecipient(address)
        case .receiveData:
            self.data = LMTPDataReader(limit: self.session.maxMessageBytes)
            return .reply("354 Start mail input; end with <CRLF>.<CRLF>")
        }
    }

    /// The message was delivered and answered: ready for the next transaction.
    public mutating func delivered() {
        self.session.dataReceived()
    }
}
