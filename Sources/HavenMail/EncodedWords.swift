import Foundation

/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text decoded; whitespace between two adjacent encoded
/// words is dropped, as the RFC says, so a subject split across words reads whole. Anything that does not parse
/// stays as written.
public enum EncodedWords {
    public static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        var result = ""
        var rest = Substring(text)
        var pendingSpace = ""
        var lastWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = Self.word(rest) {
                if !lastWasEncoded { result += pendingSpace }
                pendingSpace = ""
                result += decoded
                rest = after
                lastWasEncoded = true
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
                continue
            }
            result += pendingSpace
            pendingSpace = ""
            result.append(character)
            lastWasEncoded = false
        }
        return result + pendingSpace
    }

    /// One encoded word at the start of `text`, and what follows it.
    private static func word(_ text: Substring) -> (String, Substring)? {
        let body = text.dropFirst(2)
        guard let charsetEnd = body.firstIndex(of: "?") else { return nil }
        let encodingStart = body.index(after: charsetEnd)
        guard encodingStart < body.endIndex else { return nil }
        let encoding = body[encodingStart]
        let afterEncoding = body.index(after: encodingStart)
        guard afterEncoding < body.endIndex, body[afterEncoding] == "?" else { return nil }
        let payloadStart = body.index(after: afterEncoding)
        guard let end = body[payloadStart...].range(of: "?=") else { return nil }
        let payload = body[payloadStart..<end.lowerBound]
        guard !payload.contains(" ") else { return nil }
        // RFC 2231 §5: a language may follow the charset after "*".
        let charset = String(body[body.startIndex..<charsetEnd].split(separator: "*", maxSplits: 1).first ?? "")
        let bytes: [UInt8]
        switch encoding {
        case "B", "b": bytes = TransferEncoding.base64(Array(payload.utf8))
        case "Q", "q": bytes = TransferEncoding.quotedPrintable(Array(payload.utf8), underscoreIsSpace: true)
        default: return nil
        }
        return (Charset.decode(bytes, charset: charset).text, body[end.upperBound...])
    }
}
