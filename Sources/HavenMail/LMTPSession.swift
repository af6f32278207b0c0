/// The command side of an LMTP server (RFC 2033, on RFC 5321's grammar) as a pure state machine: it reads command
/// lines and says what to do — answer, look a recipient up, or take the message data — and never touches a socket or
/// the store, so every sequence (out-of-order commands, pipelining, oversized declarations) is tested in isolation.
/// After the data the driver delivers once per accepted recipient and answers each, in order (LMTP's difference
/// from SMTP: per-recipient replies, so one failing mailbox never makes the MTA resend to the others).
public struct LMTPSession: Sendable {
    public enum Step: Sendable, Equatable {
        /// Send this reply (one or more lines, each already formatted with its code).
        case reply(String)
        /// Look this recipient up, then call `recipient(_:verdict:)` and send what it returns.
        case checkRecipient(String)
        /// Send `354` and read the message with `LMTPDataReader`; then call `dataReceived()`.
        case receiveData
        /// Send this reply and close the connection.
        case close(String)
    }

    public enum Verdict: Sendable, Equatable {
        case accepted
        /// Not an address of any tenant: 550, permanent.
        case unknown
        /// Haven cannot tell now (the store is failing): 451, so the MTA retries.
        case temporaryFailure
    }

    public struct Envelope: Sendable, Equatable {
        /// The reverse path; empty for a bounce (`MAIL FROM:<>`).
        public var sender: String
        public var recipients: [String]

        public init(sender: String, recipients: [String]) {
            self.sender = sender
            self.recipients = recipients
        }
    }

    enum State: Sendable, Equatable {
        case awaitingGreeting
        case idle
        case mail(Envelope)
    }

    public static let maxRecipients = 100

    public let hostname: String
    public let maxMessageBytes: Int
    private var state: State = .awaitingGreeting

    public init(hostname: String, maxMessageBytes: Int) {
        self.hostname = hostname
        self.maxMessageBytes = maxMessageBytes
    }

    public var greeting: String { "220 \(self.hostname) LMTP Haven ready" }

    /// The envelope being collected (after `MAIL`), for the driver's delivery.
    public var envelope: Envelope? {
        if case .mail(let envelope) = self.state { return envelope }
        return nil
    }

    public mutating func command(_ line: String) -> Step {
        let trimmed = line.trimmingASCIIWhitespace()
        let verb = trimmed.prefix { $0 != " " }.uppercased()
        let argument = trimmed.dropFirst(verb.count).trimmingASCIIWhitespace()
        switch verb {
        case "LHLO":
            guard !argument.isEmpty else { return .reply("501 5.5.4 LHLO needs a host name") }
            self.state = .idle
            return .reply(
                [
                    "250-\(self.hostname)", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",
                    "250 SIZE \(self.maxMessageBytes)",
                ].joined(separator: "\r\n"))
        case "HELO", "EHLO":
            return .reply("500 5.5.1 This is LMTP: say LHLO")
        case "MAIL":
            guard self.state != .awaitingGreeting else { return .reply("503 5.5.1 Say LHLO first") }
            guard case .idle = self.state else { return .reply("503 5.5.1 A transaction is already open") }
            guard let (path, parameters) = Self.path(argument, keyword: "FROM:") else {
                return .reply("501 5.5.4 Write MAIL FROM:<address>")
            }
            if let size = parameters["SIZE"].flatMap(Int.init), size > self.maxMessageBytes {
                return .reply("552 5.3.4 The message is larger than \(self.maxMessageBytes) bytes")
            }
            guard path.isEmpty || MailAddress.isPlausible(path) else { return .reply("553 5.1.7 The sender address is not valid") }
            self.state = .mail(Envelope(sender: path, recipients: []))
            return .reply("250 2.1.0 Sender OK")
        case "RCPT":
            guard case .mail(let envelope) = self.state else { return .reply("503 5.5.1 Say MAIL FROM first") }
            guard let (path, _) = Self.path(argument, keyword: "TO:"), !path.isEmpty else {
                return .reply("501 5.5.4 Write RCPT TO:<address>")
            }
            guard envelope.recipients.count < Self.maxRecipients else { return .reply("452 4.5.3 Too many recipients") }
            guard MailAddress.isPlausible(path) else { return .reply("550 5.1.3 The recipient address is not valid") }
            return .checkRecipient(path)
        case "DATA":
            guard case .mail(let envelope) = self.state else { return .reply("503 5.5.1 Say MAIL FROM first") }
            guard !envelope.recipients.isEmpty else { return .reply("503 5.5.1 No valid recipients") }
            return .receiveData
        case "RSET":
            if self.state != .awaitingGreeting { self.state = .idle }
            return .reply("250 2.0.0 OK")
        case "NOOP":
            return .reply("250 2.0.0 OK")
        case "QUIT":
            return .close("221 2.0.0 \(self.hostname) closing connection")
        case "VRFY", "EXPN":
            return .reply("252 2.5.0 Not verifying addresses")
        case "STARTTLS", "AUTH", "BDAT":
            return .reply("502 5.5.1 Not offered on this listener")
        default:
            return .reply("500 5.5.2 Command not recognized")
        }
    }

    /// The answer to a looked-up recipient; an accepted one joins the envelope.
    public mutating func recipient(_ address: String, verdict: Verdict) -> String {
        switch verdict {
        case .accepted:
            guard case .mail(var envelope) = self.state else { return "503 5.5.1 Say MAIL FROM first" }
            envelope.recipients.append(address)
            self.state = .mail(envelope)
            return "250 2.1.5 Recipient OK"
        case .unknown:
            return "550 5.1.1 No such mailbox here"
        case .temporaryFailure:
            return "451 4.3.0 Cannot check the recipient now, try again later"
        }
    }

    /// The message has been read (and delivered per recipient): back to waiting for the next `MAIL`.
    public mutating func dataReceived() {
        self.state = .idle
    }

    /// `FROM:<path> PARAM=value …` split into the path (without brackets) and its parameters.
    static func path(_ argument: String, keyword: String) -> (String, [String: String])? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).trimmingASCIIWhitespace()
        guard rest.hasPrefix("<"), let close = rest.firstIndex(of: ">") else { return nil }
        let path = String(rest[rest.index(after: rest.startIndex)..<close])
        var parameters: [String: String] = [:]
        for item in rest[rest.index(after: close)...].split(separator: " ") {
            let pair = item.split(separator: "=", maxSplits: 1)
            parameters[pair[0].uppercased()] = pair.count > 1 ? String(pair[1]) : ""
        }
        return (path, parameters)
    }
}

/// Reads an SMTP/LMTP message body as it streams in: undoes dot-stuffing, stops at the lone `.` line, and keeps at
/// most `limit` bytes — past that it only looks for the end, so a 30 MB message costs no more memory than the limit
/// and is then refused whole (552) instead of being cut.
public struct LMTPDataReader: Sendable {
    public let limit: Int
    public private(set) var message: [UInt8] = []
    public private(set) var tooLarge = false
    private var atLineStart = true
    private var dotAtLineStart = false
    private var dotThenCR = false

    public init(limit: Int) {
        self.limit = limit
    }

    /// Feeds bytes; returns how many were consumed when the end line was reached (the rest belong to the next
    /// command), or nil when more are needed.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> Int? {
        var consumed = 0
        for byte in bytes {
            consumed += 1
            if self.dotThenCR {
                self.dotThenCR = false
                if byte == 10 { return consumed }
                self.append(13)
            } else if self.dotAtLineStart {
                self.dotAtLineStart = false
                if byte == 13 {
                    self.dotThenCR = true
                    continue
                }
                if byte == 10 { return consumed }
                // A stuffed dot: the first one goes (RFC 5321 §4.5.2).
            } else if self.atLineStart && byte == UInt8(ascii: ".") {
                self.dotAtLineStart = true
                self.atLineStart = false
                continue
            }
            self.append(byte)
            self.atLineStart = byte == 10
        }
        return nil
    }

    private mutating func append(_ byte: UInt8) {
        if self.message.count < self.limit {
            self.message.append(byte)
        } else {
            self.tooLarge = true
        }
    }
}
