/// A structured header value with parameters — `Content-Type: text/plain; charset="utf-8"`,
/// `Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf` — read per RFC 2045 with RFC 2231's
/// continuations (`name*0`, `name*1*`) and charset-tagged values, and RFC 2047 words where mailers wrongly put them.
public struct HeaderParameters: Sendable, Equatable {
    /// The value before the first `;`, lower-cased (`text/plain`, `attachment`).
    public let value: String
    /// Parameter names lower-cased, values decoded.
    public let parameters: [String: String]

    public init(_ header: String?) {
        let header = header ?? ""
        var segments = Self.split(header)
        self.value = (segments.isEmpty ? "" : segments.removeFirst()).trimmingASCIIWhitespace().lowercased()
        var plain: [String: String] = [:]
        // RFC 2231 pieces: name → [(index, value, encoded)].
        var pieces: [String: [(Int, String, Bool)]] = [:]
        for segment in segments {
            guard let equals = segment.firstIndex(of: "=") else { continue }
            var name = segment[..<equals].trimmingASCIIWhitespace().lowercased()
            let raw = segment[segment.index(after: equals)...].trimmingASCIIWhitespace()
            let value = Self.unquote(raw)
            var encoded = false
            if name.hasSuffix("*") {
                encoded = true
                name.removeLast()
            }
            if let star = name.firstIndex(of: "*"), let index = Int(name[name.index(after: star)...]) {
                pieces[String(name[..<star]), default: []].append((index, value, encoded))
            } else if encoded {
                pieces[name, default: []].append((0, value, true))
            } else if plain[name] == nil {
                plain[name] = EncodedWords.decode(value)
            }
        }
        for (name, parts) in pieces {
            let ordered = parts.sorted { $0.0 < $1.0 }
            var charset: String?
            var bytes: [UInt8] = []
            for (offset, part) in ordered.enumerated() {
                var text = Substring(part.1)
                if part.2 {
                    if offset == 0 {
                        // charset'language'value
                        let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if fields.count == 3 {
                            charset = String(fields[0])
                            text = fields[2]
                        }
                    }
                    bytes += Self.percentDecoded(text)
                } else {
                    bytes += Array(text.utf8)
                }
            }
            plain[name] = Charset.decode(bytes, charset: charset ?? "utf-8").text
        }
        self.parameters = plain
    }

    public subscript(name: String) -> String? { self.parameters[name] }

    /// Splits at `;` outside quoted strings.
    static func split(_ text: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" && quoted {
                current.append(character)
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                current.append(character)
            } else if character == ";" && !quoted {
                segments.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        segments.append(current)
        return segments
    }

    static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var output: [UInt8] = []
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count, let high = TransferEncoding.hexValue(utf8[i + 1]),
                let low = TransferEncoding.hexValue(utf8[i + 2])
            {
                output.append(high << 4 | low)
                i += 3
            } else {
                output.append(utf8[i])
                i += 1
            }
        }
        return output
    }
}
