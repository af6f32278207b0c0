/// A message's (or a MIME part's) header fields in order, unfolded (RFC 5322 §2.2.3). Field bodies are kept as
/// written (valid UTF-8 as such, RFC 6532; anything else byte for byte as Latin-1) and decoded by whoever reads them,
/// since addresses, message ids and encoded words each decode differently.
public struct MailHeaders: Sendable {
    public struct Field: Sendable, Equatable {
        /// Lower-cased.
        public let name: String
        public let value: String
    }

    public static let maxFields = 1_000

    public private(set) var fields: [Field] = []

    public init(fields: [Field] = []) {
        self.fields = fields
    }

    /// Parses a header block (without the blank line that ends it). Lines that are not fields are skipped.
    public init(parsing block: ArraySlice<UInt8>) {
        var current: [UInt8] = []
        func flush(_ fields: inout [Field]) {
            defer { current.removeAll(keepingCapacity: true) }
            guard fields.count < Self.maxFields, let colon = current.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return }
            let name = String(decoding: current[..<colon], as: UTF8.self).trimmingASCIIWhitespace().lowercased()
            guard !name.isEmpty, !name.contains(" ") else { return }
            fields.append(Field(name: name, value: Self.text(current[(colon + 1)...]).trimmingASCIIWhitespace()))
        }
        for line in Lines(block) {
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                // A folded continuation: the line break goes, the whitespace stays.
                current.append(contentsOf: line)
            } else {
                flush(&self.fields)
                current.append(contentsOf: line)
            }
        }
        flush(&self.fields)
    }

    static func text(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// The first field called `name` (lower-case).
    public subscript(name: String) -> String? {
        self.fields.first { $0.name == name }?.value
    }

    public func all(_ name: String) -> [String] {
        self.fields.filter { $0.name == name }.map(\.value)
    }
}

/// The lines of a byte block, each without its CRLF or LF.
struct Lines: Sequence, IteratorProtocol {
    let bytes: ArraySlice<UInt8>
    var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    mutating func next() -> ArraySlice<UInt8>? {
        guard self.position < self.bytes.endIndex else { return nil }
        let start = self.position
        if let newline = self.bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            self.position = newline + 1
            var end = newline
            if end > start, self.bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            return self.bytes[start..<end]
        }
        self.position = self.bytes.endIndex
        return self.bytes[start...]
    }
}
