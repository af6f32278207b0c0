/// One SMTP reply (RFC 5321 §4.2), possibly over several lines (`250-…` then `250 …`), and the reader that collects
/// one from the bytes a server sends.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public let code: Int
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200..<400).contains(self.code) }
    public var isPermanentFailure: Bool { (500..<600).contains(self.code) }
    /// The enhanced status code (RFC 3463) when the server gives one, such as `5.1.1`.
    public var enhancedCode: String? {
        guard let first = self.lines.first?.split(separator: " ").first,
            first.split(separator: ".").count == 3, first.allSatisfy({ $0.isNumber || $0 == "." })
        else { return nil }
        return String(first)
    }

    /// What a log or the outbox may keep: code and enhanced code, never the text (it can quote an address).
    public var summary: String { self.enhancedCode.map { "\(self.code) \($0)" } ?? String(self.code) }

    public var description: String { self.lines.map { "\(self.code) \($0)" }.joined(separator: "\n") }

    /// The EHLO keywords offered (upper-cased, first word of each line after the greeting line).
    public var extensions: Set<String> {
        Set(self.lines.dropFirst().compactMap { $0.split(separator: " ").first.map { $0.uppercased() } })
    }
}

/// Collects one reply at a time from a byte stream; lines are bounded, a malformed line is an error.
public struct SMTPReplyReader: Sendable {
    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public static let maxLine = 4_096
    public static let maxLines = 100
    private var buffer: [UInt8] = []
    private var lines: [String] = []
    private var code: Int?

    public init() {}

    public mutating func append(_ bytes: some Collection<UInt8>) {
        self.buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil when more bytes are needed.
    public mutating func next() throws(Malformed) -> SMTPReply? {
        while let newline = self.buffer.firstIndex(of: 10) {
            var end = newline
            if end > 0, self.buffer[end - 1] == 13 { end -= 1 }
            let line = String(decoding: self.buffer[..<end], as: UTF8.self)
            self.buffer.removeFirst(newline + 1)
            let digits = line.prefix(3)
            guard digits.count == 3, let code = Int(digits), (200...599).contains(code) else {
                throw Malformed(description: "the server sent a line that is not a reply")
            }
            if let expected = self.code, expected != code { throw Malformed(description: "a reply's lines have different codes") }
            self.code = code
            let separator = line.dropFirst(3).first
            self.lines.append(String(line.dropFirst(4)))
            guard self.lines.count <= Self.maxLines else { throw Malformed(description: "the reply has too many lines") }
            if separator == "-" { continue }
            let reply = SMTPReply(code: code, lines: self.lines)
            self.lines = []
            self.code = nil
            return reply
        }
        if self.buffer.count > Self.maxLine { throw Malformed(description: "the server sent a line longer than 4 KB") }
        return nil
    }

    /// Dot-stuffing (RFC 5321 §4.5.2) and the closing `.` line; bare LFs become CRLF.
    public static func dataBlock(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            if byte == 10 && previous != 13 { out.append(13) }
            out.append(byte)
            atLineStart = byte == 10
            previous = byte
        }
        if !atLineStart { out += [13, 10] }
        return out + Array(".\r\n".utf8)
    }
}
