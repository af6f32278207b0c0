public import HavenCore

/// An outgoing message written out (RFC 5322, MIME, RFC 2047): headers Haven chooses, values that can never break
/// out of their header — line breaks and controls are removed and non-ASCII text is encoded — and a UTF-8 text body
/// in quoted-printable, lines kept under 78 characters. The bytes are final: DKIM signs exactly these.
public struct MessageComposer: Sendable {
    public struct Message: Sendable {
        public var from: MailAddress
        public var to: [MailAddress]
        public var cc: [MailAddress] = []
        public var replyTo: MailAddress?
        public var subject: String
        public var messageID: String
        public var inReplyTo: String?
        public var references: [String] = []
        /// Seconds since 1970, for the Date header.
        public var date: Int64
        public var text: String
        /// RFC 3834: set on everything Haven sends by itself, so other robots do not answer it.
        public var autoSubmitted: String?
        /// Files sent along (multipart/mixed, base64).
        public var attachments: [FileUpload] = []

        public init(from: MailAddress, to: [MailAddress], subject: String, messageID: String, date: Int64, text: String) {
            self.from = from
            self.to = to
            self.subject = subject
            self.messageID = messageID
            self.date = date
            self.text = text
        }
    }

    public static func compose(_ m: Message) -> [UInt8] {
        var headers: [(String, String)] = [
            ("From", Self.address(m.from)),
            ("To", m.to.map(Self.address).joined(separator: ", ")),
        ]
        if !m.cc.isEmpty { headers.append(("Cc", m.cc.map(Self.address).joined(separator: ", "))) }
        if let replyTo = m.replyTo { headers.append(("Reply-To", Self.address(replyTo))) }
        headers.append(("Subject", Self.encodedText(m.subject)))
        headers.append(("Date", MailDate.format(m.date)))
        headers.append(("Message-ID", "<\(Self.idText(m.messageID))>"))
        if let inReplyTo = m.inReplyTo { headers.append(("In-Reply-To", "<\(Self.idText(inReplyTo))>")) }
        if !m.references.isEmpty { headers.append(("References", m.references.map { "<\(Self.idText($0))>" }.joined(separator: " "))) }
        if let auto = m.autoSubmitted { headers.append(("Auto-Submitted", Self.token(auto))) }
        headers.append(("MIME-Version", "1.0"))
        // QP and base64 never produce "=_" at a line start, so this boundary cannot occur inside a part.
        let boundary = "=_haven_" + Self.idText(m.messageID).filter { $0.isLetter || $0.isNumber }.prefix(40)
        let text: [(String, String)] = [
            ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable"),
        ]
        headers += m.attachments.isEmpty ? text : [("Content-Type", "multipart/mixed; boundary=\"\(boundary)\"")]
        var out = Array(Self.headerBlock(headers).utf8)
        guard !m.attachments.isEmpty else { return out + Self.quotedPrintable(m.text) }
        out += Array("--\(boundary)\r\n\(Self.headerBlock(text))".utf8) + Self.quotedPrintable(m.text)
        for file in m.attachments {
            let part: [(String, String)] = [
                ("Content-Type", "\(file.contentType); name=\(Self.parameter(file.name))"),
                ("Content-Disposition", "attachment; filename=\(Self.parameter(file.name))"),
                ("Content-Transfer-Encoding", "base64"),
            ]
            out += Array("--\(boundary)\r\n\(Self.headerBlock(part))".utf8)
            let encoded = Array(Self.base64(file.data).utf8)
            var index = 0
            while index < encoded.count {
                out += encoded[index..<min(index + 76, encoded.count)] + [13, 10]
                index += 76
            }
        }
        return out + Array("--\(boundary)--\r\n".utf8)
    }

    /// Header lines and the blank line that ends them.
    static func headerBlock(_ headers: [(String, String)]) -> String {
        headers.map { Self.fold($0.0 + ": " + $0.1) + "\r\n" }.joined() + "\r\n"
    }

    /// A parameter value: quoted when plain ASCII, else an RFC 2047 word in quotes (what mail clients read best).
    static func parameter(_ value: String) -> String {
        let line = Self.singleLine(value).replacingAll("\\", with: "_").replacingAll("\"", with: "_")
        let plain = line.unicodeScalars.allSatisfy { $0.isASCII }
        return "\"" + (plain ? line : Self.encodedWords(line).replacingAll(" ", with: "")) + "\""
    }

    /// `Name <address>`, the name quoted or encoded as needed; the address must already be plausible.
    static func address(_ a: MailAddress) -> String {
        let address = Self.idText(a.address)
        guard let name = a.name.map(Self.singleLine), !name.isEmpty else { return "<\(address)>" }
        if name.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let quoted = name.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
            return "\"\(quoted)\" <\(address)>"
        }
        return Self.encodedWords(name) + " <\(address)>"
    }

    /// Unstructured text: as is when plain ASCII, else RFC 2047 encoded words (B, UTF-8).
    static func encodedText(_ text: String) -> String {
        let line = Self.singleLine(text)
        if line.unicodeScalars.allSatisfy({ $0.isASCII }) && !line.contains("=?") { return line }
        return Self.encodedWords(line)
    }

    /// Encoded words of at most 75 characters each (45 bytes of UTF-8 per word, split between characters).
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?utf-8?B?\(Self.base64(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Self.base64(chunk))?=") }
        return words.joined(separator: " ")
    }

    /// No CR, LF or other control in a header value, whatever came in.
    static func singleLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
            .trimmingASCIIWhitespace()
    }

    /// An id or address between angle brackets: printable ASCII without brackets, spaces or controls.
    static func idText(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }.map(Character.init))
    }

    static func token(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0 == "-") }.map(Character.init))
    }

    /// Folds a header line at spaces so no line passes 78 characters (encoded words and ids are never split).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 78 else { return line }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.utf8.count + 1 + word.utf8.count > 78 {
                lines.append(current)
                current = " " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// The body as quoted-printable UTF-8 with CRLF line ends; every line (and a lone "." ) stays safe in SMTP.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        let normalized = text.replacingAll("\r\n", with: "\n").replacingAll("\r", with: "\n")
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            var length = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let printable = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || (byte == 32 && !last)
                let plain = printable && !(index == 0 && byte == UInt8(ascii: "."))
                let encoded: [UInt8] = plain ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                if length + encoded.count > 75 {
                    out += Array("=\r\n".utf8)
                    length = 0
                }
                out += encoded
                length += encoded.count
            }
            out += [13, 10]
        }
        return out
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8) | UInt32(chunk.count > 2 ? chunk[2] : 0)
            out.append(alphabet[Int((value >> 18) & 63)])
            out.append(alphabet[Int((value >> 12) & 63)])
            out.append(chunk.count > 1 ? alphabet[Int((value >> 6) & 63)] : UInt8(ascii: "="))
            out.append(chunk.count > 2 ? alphabet[Int(value & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// RFC 5322 dates (`Sun, 06 Dec 2026 22:10:00 +0000`), always in UTC.
public enum MailDate {
    public static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = Int((days % 7 + 7 + 4) % 7)  // 1970-01-01 was a Thursday
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(names[weekday]), \(two(day)) \(months[Int(month) - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60)) +0000"
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
