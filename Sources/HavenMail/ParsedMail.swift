import HavenCore

/// One inbound message read the way a helpdesk needs it (RFC 5322 + MIME, RFC 2045–2049): who wrote it, to whom, the
/// ids that thread it, its text (plain preferred, HTML reduced to text), and its attachments. Parsing never fails:
/// malformed structure is read as far as it goes and `notes` says what was left out, so no customer's mail is lost
/// to a broken boundary, and bounded (parts, depth, attachment sizes) so no message can make it expensive.
public struct ParsedMail: Sendable {
    public struct Attachment: Sendable, Equatable {
        public let filename: String
        public let contentType: String
        public let data: [UInt8]

        public init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public struct Limits: Sendable {
        public var maxParts: Int
        public var maxDepth: Int
        public var maxAttachmentBytes: Int
        public var maxAttachments: Int
        public var maxTextCharacters: Int

        public init(
            maxParts: Int = 200, maxDepth: Int = 8, maxAttachmentBytes: Int = 15_000_000, maxAttachments: Int = 20,
            maxTextCharacters: Int = 100_000
        ) {
            self.maxParts = maxParts
            self.maxDepth = maxDepth
            self.maxAttachmentBytes = maxAttachmentBytes
            self.maxAttachments = maxAttachments
            self.maxTextCharacters = maxTextCharacters
        }
    }

    public let headers: MailHeaders
    public let subject: String
    public let from: MailAddress?
    public let replyTo: [MailAddress]
    public let to: [MailAddress]
    public let cc: [MailAddress]
    public let messageID: String?
    public let inReplyTo: [String]
    public let references: [String]
    public private(set) var text: String = ""
    public private(set) var attachments: [Attachment] = []
    /// What could not be read exactly or was left out (for the operator's log and the ticket's note; no content).
    public private(set) var notes: [String] = []

    private var textParts: [String] = []
    private var partCount = 0
    private let limits: Limits

    public init(parsing raw: [UInt8], limits: Limits = Limits()) {
        self.limits = limits
        let (headerBlock, body) = Self.splitHeader(raw[...])
        let headers = MailHeaders(parsing: headerBlock)
        self.headers = headers
        self.subject = Self.clean(EncodedWords.decode(headers["subject"] ?? ""), keepNewlines: false)
        self.from = MailAddress.list(headers["from"]).first
        self.replyTo = MailAddress.list(headers["reply-to"])
        self.to = MailAddress.list(headers["to"])
        self.cc = MailAddress.list(headers["cc"])
        self.messageID = MessageIDs.list(headers["message-id"]).first
        self.inReplyTo = MessageIDs.list(headers["in-reply-to"])
        self.references = MessageIDs.list(headers["references"])
        self.walk(headers: headers, body: body, depth: 0, inAlternative: false)
        var text = self.textParts.joined(separator: "\n\n")
        if text.count > limits.maxTextCharacters {
            text = String(text.prefix(limits.maxTextCharacters))
            self.notes.append("the text was longer than \(limits.maxTextCharacters) characters and was cut there")
        }
        self.text = text
    }

    /// True for mail a machine sent on its own (vacation replies, lists, bulk): it may become a ticket but is never
    /// answered automatically, so two autoresponders can never loop (RFC 3834).
    public var isAutoSubmitted: Bool {
        if let auto = self.headers["auto-submitted"]?.lowercased(), !auto.hasPrefix("no") { return true }
        if let precedence = self.headers["precedence"]?.lowercased(),
            ["bulk", "junk", "list", "auto_reply"].contains(precedence.trimmingASCIIWhitespace())
        {
            return true
        }
        return self.headers["x-autoreply"] != nil || self.headers["x-autorespond"] != nil || self.headers["list-id"] != nil
            || self.headers["list-unsubscribe"] != nil
    }

    /// True for a delivery status notification (RFC 3464) or mail from a mailer daemon.
    public var isBounce: Bool {
        let type = HeaderParameters(self.headers["content-type"])
        if type.value == "multipart/report", type["report-type"]?.lowercased() == "delivery-status" { return true }
        let local = self.from?.address.split(separator: "@").first?.lowercased() ?? ""
        return local == "mailer-daemon" || local == "postmaster"
    }

    // MARK: Structure

    static func splitHeader(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var index = bytes.startIndex
        // An empty first line: no header at all.
        if bytes.starts(with: [13, 10]) { return (bytes[index..<index], bytes[(index + 2)...]) }
        if bytes.first == 10 { return (bytes[index..<index], bytes[(index + 1)...]) }
        while let newline = bytes[index...].firstIndex(of: 10) {
            var next = newline + 1
            if next < bytes.endIndex, bytes[next] == 13 { next += 1 }
            if next < bytes.endIndex, bytes[next] == 10 {
                return (bytes[bytes.startIndex..<newline], bytes[(next + 1)...])
            }
            index = newline + 1
        }
        return (bytes, bytes[bytes.endIndex...])
    }

    private mutating func walk(headers: MailHeaders, body: ArraySlice<UInt8>, depth: Int, inAlternative: Bool) {
        self.partCount += 1
        let type = HeaderParameters(headers["content-type"])
        let mediaType = type.value.isEmpty || !type.value.contains("/") ? "text/plain" : type.value
        let disposition = HeaderParameters(headers["content-disposition"])
        let encoding = headers["content-transfer-encoding"]
        if mediaType.hasPrefix("multipart/") {
            guard let boundary = type["boundary"], !boundary.isEmpty else {
                self.notes.append("a multipart part has no boundary; its text was kept as written")
                self.addText(Charset.decode(body, charset: "utf-8").text, html: false)
                return
            }
            guard depth < self.limits.maxDepth else {
                self.notes.append("parts nested deeper than \(self.limits.maxDepth) levels were not read")
                return
            }
            let parts = Self.split(body, boundary: boundary)
            if parts.isEmpty { self.notes.append("a multipart part has none of its boundaries") }
            if mediaType == "multipart/alternative" {
                self.walkAlternative(parts, depth: depth)
                return
            }
            for part in parts {
                guard self.partCount < self.limits.maxParts else {
                    self.notes.append("the message has more than \(self.limits.maxParts) parts; the rest was not read")
                    return
                }
                let (partHeader, partBody) = Self.splitHeader(part)
                self.walk(headers: MailHeaders(parsing: partHeader), body: partBody, depth: depth + 1, inAlternative: false)
            }
            return
        }
        let data = TransferEncoding.decode(body, encoding: encoding)
        let filename = disposition["filename"] ?? type["name"]
        let isAttachment = disposition.value == "attachment" || filename != nil
        if !isAttachment, mediaType == "text/plain" || mediaType == "text/html" {
            let decoded = Charset.decode(data, charset: type["charset"])
            if !decoded.exact {
                self.notes.append("text in an unknown charset (\(type["charset"] ?? "none")) was read as UTF-8 or Latin-1")
            }
            self.addText(decoded.text, html: mediaType == "text/html")
            return
        }
        if mediaType == "multipart/report" || mediaType == "message/delivery-status" {
            self.addText(Charset.decode(data, charset: "utf-8").text, html: false)
            return
        }
        let name =
            filename.map { Self.clean($0, keepNewlines: false) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? (mediaType == "message/rfc822" ? "forwarded-message.eml" : "attachment")
        self.addAttachment(Attachment(filename: FileUpload.safeName(name), contentType: mediaType, data: data))
    }

    /// `multipart/alternative`: the plain-text version when there is one, else the HTML one reduced to text; files
    /// inside any version (related images) are kept.
    private mutating func walkAlternative(_ parts: [ArraySlice<UInt8>], depth: Int) {
        var plain: String?
        var html: String?
        for part in parts {
            guard self.partCount < self.limits.maxParts else { break }
            self.partCount += 1
            let (partHeader, partBody) = Self.splitHeader(part)
            let headers = MailHeaders(parsing: partHeader)
            let type = HeaderParameters(headers["content-type"])
            let mediaType = type.value.isEmpty ? "text/plain" : type.value
            let decode = {
                Charset.decode(TransferEncoding.decode(partBody, encoding: headers["content-transfer-encoding"]), charset: type["charset"])
                    .text
            }
            switch mediaType {
            case "text/plain" where plain == nil: plain = decode()
            case "text/html" where html == nil: html = decode()
            case let other where other.hasPrefix("multipart/"):
                // A related HTML version with its images: read its text only if nothing better comes.
                var inner = ParsedMail(limits: self.limits)
                inner.partCount = self.partCount
                inner.walk(headers: headers, body: partBody, depth: depth + 1, inAlternative: true)
                self.partCount = inner.partCount
                if html == nil, !inner.textParts.isEmpty { html = inner.textParts.joined(separator: "\n\n") }
                for attachment in inner.attachments { self.addAttachment(attachment) }
                self.notes += inner.notes
            default: continue
            }
        }
        if let plain { self.addText(plain, html: false) } else if let html { self.addText(html, html: true) }
    }

    private init(limits: Limits) {
        self.limits = limits
        self.headers = MailHeaders()
        self.subject = ""
        self.from = nil
        self.replyTo = []
        self.to = []
        self.cc = []
        self.messageID = nil
        self.inReplyTo = []
        self.references = []
    }

    private mutating func addText(_ text: String, html: Bool) {
        let plain = html ? HTMLToText.text(text) : text
        let cleaned = Self.clean(plain, keepNewlines: true).trimmingASCIIWhitespace()
        if !cleaned.isEmpty { self.textParts.append(cleaned) }
    }

    private mutating func addAttachment(_ attachment: Attachment) {
        guard attachment.data.count <= self.limits.maxAttachmentBytes else {
            self.notes.append(
                "the attachment \"\(attachment.filename)\" (\(attachment.data.count) bytes) is larger than \(self.limits.maxAttachmentBytes) bytes and was not kept"
            )
            return
        }
        guard self.attachments.count < self.limits.maxAttachments else {
            self.notes.append("the message has more than \(self.limits.maxAttachments) attachments; the rest were not kept")
            return
        }
        self.attachments.append(attachment)
    }

    /// The parts of a multipart body between `--boundary` lines, up to `--boundary--` (or the end, when the closing
    /// line is missing). The line break before each delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    static func split(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let newline = body[lineStart...].firstIndex(of: 10)
            let lineEnd = newline ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                let after = line.dropFirst(delimiter.count)
                let closing = after.starts(with: [45, 45])
                let rest = closing ? after.dropFirst(2) : after
                if rest.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
                    if let start = partStart {
                        var end = lineStart
                        if end > start, body[end - 1] == 10 { end -= 1 }
                        if end > start, body[end - 1] == 13 { end -= 1 }
                        parts.append(body[start..<max(start, end)])
                    }
                    if closing { return parts }
                    partStart = newline.map { $0 + 1 } ?? body.endIndex
                }
            }
            guard let newline else { break }
            lineStart = newline + 1
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    /// Text without NULs and control characters (tabs and, in bodies, line breaks stay).
    static func clean(_ text: String, keepNewlines: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines: scalars.append(scalar)
            case 0x0A: scalars.append(" ")  // (outside bodies) a line break is a space; its CR goes
            case 0x0D where !keepNewlines: continue
            case 0x09: scalars.append(scalar)
            case 0x00...0x1F, 0x7F: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
