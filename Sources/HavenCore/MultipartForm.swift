/// A `multipart/form-data` body (RFC 7578) split into its parts: each part's name, its file name and type when it is a
/// file, and its bytes. The caller has bounded the body; the parser bounds the number of parts and of header bytes, and
/// refuses anything it cannot read whole with a reason a person can act on, never a guess.
public struct MultipartForm: Sendable {
    public struct Part: Sendable, Equatable {
        public let name: String
        /// Present for a file input (possibly empty, when the browser sent no file).
        public let filename: String?
        public let contentType: String?
        public let data: [UInt8]
    }

    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static let maxParts = 64
    static let maxHeaderBytes = 4_096

    public let parts: [Part]

    /// The boundary named by a `Content-Type: multipart/form-data; boundary=…` header (quoted or not), or nil.
    public static func boundary(ofContentType header: String) -> String? {
        let parameters = Self.parameters(header)
        guard parameters.first?.0 == "multipart/form-data", let value = parameters.first(where: { $0.0 == "boundary" })?.1 else {
            return nil
        }
        // RFC 2046: 1 to 70 characters.
        return (1...70).contains(value.utf8.count) ? value : nil
    }

    public init(parsing body: [UInt8], boundary: String) throws(Malformed) {
        let delimiter = Array("--\(boundary)".utf8)
        guard var position = Self.find(delimiter, in: body, from: 0) else {
            throw Malformed(description: "the form has no part with its boundary")
        }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            // "--" after a delimiter closes the body.
            if body.count >= position + 2, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") { break }
            guard let headerStart = Self.afterLineBreak(body, position) else {
                throw Malformed(description: "a boundary is not followed by a line break")
            }
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: headerStart),
                headerEnd - headerStart <= Self.maxHeaderBytes
            else { throw Malformed(description: "a part's headers do not end (or are longer than 4 KB)") }
            let contentStart = headerEnd + 4
            guard let next = Self.find(Array("\r\n".utf8) + delimiter, in: body, from: contentStart - 2) else {
                throw Malformed(description: "the form ends before its closing boundary")
            }
            let header = String(decoding: body[headerStart..<headerEnd], as: UTF8.self)
            parts.append(try Self.part(header: header, data: next >= contentStart ? Array(body[contentStart..<next]) : []))
            guard parts.count <= Self.maxParts else { throw Malformed(description: "the form has more than \(Self.maxParts) parts") }
            position = next + 2
        }
        self.parts = parts
    }

    /// The text fields (parts without a file name), in order, as a URL-encoded form would carry them.
    public var fields: [(name: String, value: String)] {
        self.parts.filter { $0.filename == nil }.map { ($0.name, String(decoding: $0.data, as: UTF8.self)) }
    }

    public func file(_ name: String) -> Part? {
        self.parts.first { $0.name == name && $0.filename != nil }
    }

    private static func part(header: String, data: [UInt8]) throws(Malformed) -> Part {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in header.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { throw Malformed(description: "a part's header line has no colon") }
            let value = String(pair[1]).trimmingWhitespace()
            switch String(pair[0]).trimmingWhitespace().lowercased() {
            case "content-disposition":
                let parameters = Self.parameters(value)
                guard parameters.first?.0 == "form-data" else {
                    throw Malformed(description: "a part is not form-data")
                }
                name = parameters.first { $0.0 == "name" }?.1
                filename = parameters.first { $0.0 == "filename" }?.1
            case "content-type":
                contentType = value.lowercased()
            default:
                break
            }
        }
        guard let name, !name.isEmpty else { throw Malformed(description: "a part has no name") }
        return Part(name: name, filename: filename, contentType: contentType, data: data)
    }

    /// `form-data; name="a"; filename="b.png"` as (key, value) pairs, the first one the disposition itself. Quoted
    /// values keep `;` and may escape `"` with a backslash.
    static func parameters(_ value: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var scalars = Substring(value).unicodeScalars[...]
        func skipSpaces() { while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() } }
        var first = true
        while !scalars.isEmpty {
            skipSpaces()
            var key = ""
            while let c = scalars.first, c != "=", c != ";" {
                key.unicodeScalars.append(c)
                scalars.removeFirst()
            }
            key = key.trimmingWhitespace().lowercased()
            var text = ""
            if scalars.first == "=" {
                scalars.removeFirst()
                skipSpaces()
                if scalars.first == "\"" {
                    scalars.removeFirst()
                    while let c = scalars.popFirst(), c != "\"" {
                        if c == "\\", let escaped = scalars.popFirst() {
                            text.unicodeScalars.append(escaped)
                        } else {
                            text.unicodeScalars.append(c)
                        }
                    }
                    while let c = scalars.first, c != ";" { scalars.removeFirst() }
                } else {
                    while let c = scalars.first, c != ";" {
                        text.unicodeScalars.append(c)
                        scalars.removeFirst()
                    }
                    text = text.trimmingWhitespace()
                }
            }
            if scalars.first == ";" { scalars.removeFirst() }
            if first {
                result.append((key, ""))
                first = false
            } else if !key.isEmpty {
                result.append((key, text))
            }
        }
        return result
    }

    /// The index right after the CRLF at `position`, or nil.
    private static func afterLineBreak(_ body: [UInt8], _ position: Int) -> Int? {
        var index = position
        // Transport padding (RFC 2046) may sit between a boundary and its line break.
        while index < body.count, body[index] == UInt8(ascii: " ") || body[index] == UInt8(ascii: "\t") { index += 1 }
        if index + 1 < body.count, body[index] == 13, body[index + 1] == 10 { return index + 2 }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
