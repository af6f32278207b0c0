import Crypto
import CryptoExtras
import Foundation

/// DKIM signatures (RFC 6376, rsa-sha256, relaxed/relaxed) over a composed message: the receiving side can check
/// that the mail came from a server holding the domain's key and that none of the signed headers or the body changed.
/// The key is Haven's (generated, sealed at rest); the DNS record it needs is `dnsRecord`.
public struct DKIMSigner: Sendable {
    public let domain: String
    public let selector: String
    let key: _RSA.Signing.PrivateKey

    /// The headers signed when present (From is required by the RFC and always there).
    static let signedHeaders = [
        "from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references", "mime-version",
        "content-type", "content-transfer-encoding", "auto-submitted",
    ]

    public init(domain: String, selector: String, privateKeyDER: [UInt8]) throws {
        self.domain = domain
        self.selector = selector
        self.key = try _RSA.Signing.PrivateKey(derRepresentation: privateKeyDER)
    }

    /// A new 2048-bit key, as DER (what is sealed and stored).
    public static func generateKey() throws -> [UInt8] {
        Array(try _RSA.Signing.PrivateKey(keySize: .bits2048).derRepresentation)
    }

    /// The TXT record to publish at `{selector}._domainkey.{domain}`.
    public var dnsRecord: String {
        "v=DKIM1; k=rsa; p=" + self.key.publicKey.derRepresentation.base64EncodedString()
    }

    public var recordName: String { "\(self.selector)._domainkey.\(self.domain)" }

    /// The message with its `DKIM-Signature` header first.
    public func sign(_ message: [UInt8], at seconds: Int64) throws -> [UInt8] {
        let (headerBlock, body) = Self.split(message)
        let fields = Self.fields(headerBlock)
        let bodyHash = Data(SHA256.hash(data: Self.relaxedBody(body))).base64EncodedString()
        // Each header once, the last occurrence (as a verifier takes them from the bottom).
        var names: [String] = []
        var input: [UInt8] = []
        for name in Self.signedHeaders {
            guard let field = fields.last(where: { $0.name == name }) else { continue }
            names.append(name)
            input += Array(Self.relaxedHeader(name, field.value).utf8) + [13, 10]
        }
        let value =
            "v=1; a=rsa-sha256; c=relaxed/relaxed; d=\(self.domain); s=\(self.selector); t=\(seconds); "
            + "h=\(names.joined(separator: ":")); bh=\(bodyHash); b="
        input += Array(Self.relaxedHeader("dkim-signature", value).utf8)
        let signature = try self.key.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        let header = "DKIM-Signature: " + value + signature.rawRepresentation.base64EncodedString()
        return Array(MessageComposer.fold(header).utf8) + [13, 10] + message
    }

    static func split(_ message: [UInt8]) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var index = 0
        while index + 3 < message.count {
            if message[index] == 13, message[index + 1] == 10, message[index + 2] == 13, message[index + 3] == 10 {
                return (message[..<(index + 2)], message[(index + 4)...])
            }
            index += 1
        }
        return (message[...], [])
    }

    static func fields(_ block: ArraySlice<UInt8>) -> [(name: String, value: String)] {
        var fields: [(String, String)] = []
        let text = String(decoding: block, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].1 += "\r\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((line[..<colon].lowercased().trimmingASCIIWhitespace(), String(line[line.index(after: colon)...])))
            }
        }
        return fields
    }

    /// RFC 6376 §3.4.2: lower-case name, unfolded value, whitespace runs as one space, no space around the colon.
    static func relaxedHeader(_ name: String, _ value: String) -> String {
        let unfolded = value.replacingAll("\r\n", with: "")
        var collapsed = ""
        var space = false
        for character in unfolded {
            if character == " " || character == "\t" {
                space = true
            } else {
                if space && !collapsed.isEmpty { collapsed.append(" ") }
                space = false
                collapsed.append(character)
            }
        }
        return name.lowercased() + ":" + collapsed
    }

    /// RFC 6376 §3.4.4: trailing whitespace of each line gone, runs as one space, empty lines at the end gone, CRLF.
    static func relaxedBody(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == 13, index + 1 < body.endIndex, body[index + 1] == 10 {
                lines.append(current)
                current = []
                index += 2
                continue
            }
            current.append(byte)
            index += 1
        }
        if !current.isEmpty { lines.append(current) }
        var out: [UInt8] = []
        var canonical: [[UInt8]] = lines.map { line in
            var reduced: [UInt8] = []
            var space = false
            for byte in line {
                if byte == 32 || byte == 9 {
                    space = true
                } else {
                    if space { reduced.append(32) }
                    space = false
                    reduced.append(byte)
                }
            }
            return reduced
        }
        while canonical.last?.isEmpty == true { canonical.removeLast() }
        for line in canonical { out += line + [13, 10] }
        return out
    }
}
