/// A strict RFC 8259 parser over bytes, linear in its input for every shape: objects index their keys once they
/// outgrow a scan (`JSONObject`), strings and numbers are read in one pass, and `Limits` stop a document at the first
/// value past a limit, before it costs anything more. Invalid UTF-8, trailing garbage, lone surrogates and limits are
/// errors with the byte offset, never crashes; the API maps them to 400 `invalid_json`.
public struct JSONParser {
    public struct Failure: Error, Sendable, Equatable {
        public let message: String
        public let offset: Int
    }

    /// What one document may hold. The defaults suit data Haven wrote itself; the API passes the request limits
    /// its settings give (`APIConfiguration.jsonLimits`).
    public struct Limits: Sendable, Equatable {
        /// Arrays and objects nested inside one another (the parser recurses once per level).
        public var maxDepth: Int
        /// Members of any one object.
        public var maxKeysPerObject: Int
        /// Values in the whole document (every member, element and scalar counts one).
        public var maxValues: Int

        public init(maxDepth: Int = 64, maxKeysPerObject: Int = .max, maxValues: Int = .max) {
            self.maxDepth = maxDepth
            self.maxKeysPerObject = maxKeysPerObject
            self.maxValues = maxValues
        }
    }

    private let bytes: [UInt8]
    private let limits: Limits
    private var index = 0
    private var depth = 0
    private var values = 0

    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, limits: limits)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw Failure(message: "Unexpected data after the JSON value", offset: parser.index)
        }
        return value
    }

    public static func parse(_ text: String, limits: Limits = Limits()) throws(Failure) -> JSONValue {
        try self.parse(Array(text.utf8), limits: limits)
    }

    private init(bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    private func fail(_ message: String) -> Failure {
        Failure(message: message, offset: self.index)
    }

    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x20, 0x09, 0x0A, 0x0D: self.index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(Failure) -> JSONValue {
        guard self.index < self.bytes.count else { throw self.fail("Unexpected end of input") }
        self.values += 1
        guard self.values <= self.limits.maxValues else {
            throw self.fail("The document holds more than \(self.limits.maxValues) values (limit: values per document)")
        }
        switch self.bytes[self.index] {
        case UInt8(ascii: "{"): return try self.parseObject()
        case UInt8(ascii: "["): return try self.parseArray()
        case UInt8(ascii: "\""): return .string(try self.parseString())
        case UInt8(ascii: "t"):
            try self.literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try self.parseNumber()
        default: throw self.fail("Unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard self.index + count <= self.bytes.count else { throw self.fail("Unexpected end of input") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where self.bytes[self.index + offset] != expected[offset] {
            throw self.fail("Invalid literal")
        }
        self.index += count
    }

    private mutating func enter() throws(Failure) {
        self.depth += 1
        guard self.depth <= self.limits.maxDepth else {
            throw self.fail("Nesting is deeper than \(self.limits.maxDepth) levels (limit: nesting depth)")
        }
    }

    private mutating func parseObject() throws(Failure) -> JSONValue {
        try self.enter()
        self.index += 1
        var object = JSONObject()
        self.skipWhitespace()
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "}") {
            self.index += 1
            self.depth -= 1
            return .object(object)
        }
        while true {
            self.skipWhitespace()
            guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\"") else {
                throw self.fail("Expected a string key")
            }
            guard object.count < self.limits.maxKeysPerObject else {
                throw self.fail("An object has more than \(self.limits.maxKeysPerObject) keys (limit: keys per object)")
            }
            let key = try self.parseString()
            self.skipWhitespace()
            guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ":") else {
                throw self.fail("Expected ':'")
            }
            self.index += 1
            self.skipWhitespace()
            let value = try self.parseValue()
            // A repeated key keeps its last value, as JavaScript and Rails do.
            object[key] = value
            self.skipWhitespace()
            guard self.index < self.bytes.count else { throw self.fail("Unexpected end of input") }
            if self.bytes[self.index] == UInt8(ascii: ",") {
                self.index += 1
                continue
            }
            guard self.bytes[self.index] == UInt8(ascii: "}") else { throw self.fail("Expected ',' or '}'") }
            self.index += 1
            self.depth -= 1
            return .object(object)
        }
    }

    private mutating func parseArray() throws(Failure) -> JSONValue {
        try self.enter()
        self.index += 1
        var items: [JSONValue] = []
        self.skipWhitespace()
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "]") {
            self.index += 1
            self.depth -= 1
            return .array(items)
        }
        while true {
            self.skipWhitespace()
            items.append(try self.parseValue())
            self.skipWhitespace()
            guard self.index < self.bytes.count else { throw self.fail("Unexpected end of input") }
            if self.bytes[self.index] == UInt8(ascii: ",") {
                self.index += 1
                continue
            }
            guard self.bytes[self.index] == UInt8(ascii: "]") else { throw self.fail("Expected ',' or ']'") }
            self.index += 1
            self.depth -= 1
            return .array(items)
        }
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = self.index
        var isInteger = true
        if self.bytes[self.index] == UInt8(ascii: "-") { self.index += 1 }
        guard self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) else {
            throw self.fail("Invalid number")
        }
        if self.bytes[self.index] == UInt8(ascii: "0") {
            self.index += 1
        } else {
            while self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) { self.index += 1 }
        }
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ".") {
            isInteger = false
            self.index += 1
            guard self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) else {
                throw self.fail("Invalid number")
            }
            while self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) { self.index += 1 }
        }
        if self.index < self.bytes.count, self.bytes[self.index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            self.index += 1
            if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "+") || self.bytes[self.index] == UInt8(ascii: "-") {
                self.index += 1
            }
            guard self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) else {
                throw self.fail("Invalid number")
            }
            while self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) { self.index += 1 }
        }
        let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        if isInteger, let value = Int64(text) {
            return .int(value)
        }
        guard let value = Double(text), value.isFinite else { throw self.fail("Number out of range") }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func parseString() throws(Failure) -> String {
        self.index += 1
        var scalars = String.UnicodeScalarView()
        var pendingHighSurrogate: UInt32?
        while true {
            guard self.index < self.bytes.count else { throw self.fail("Unterminated string") }
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                guard pendingHighSurrogate == nil else { throw self.fail("Unpaired surrogate in \\u escape") }
                self.index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw self.fail("Control character in string") }
            if byte == UInt8(ascii: "\\") {
                self.index += 1
                guard self.index < self.bytes.count else { throw self.fail("Unterminated escape") }
                let escape = self.bytes[self.index]
                self.index += 1
                if escape == UInt8(ascii: "u") {
                    let unit = try self.hex4()
                    if let high = pendingHighSurrogate {
                        guard (0xDC00...0xDFFF).contains(unit) else { throw self.fail("Unpaired surrogate in \\u escape") }
                        let combined = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
                        scalars.append(Unicode.Scalar(combined)!)
                        pendingHighSurrogate = nil
                    } else if (0xD800...0xDBFF).contains(unit) {
                        pendingHighSurrogate = unit
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        throw self.fail("Unpaired surrogate in \\u escape")
                    } else {
                        scalars.append(Unicode.Scalar(unit)!)
                    }
                    continue
                }
                guard pendingHighSurrogate == nil else { throw self.fail("Unpaired surrogate in \\u escape") }
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                default: throw self.fail("Invalid escape")
                }
                continue
            }
            guard pendingHighSurrogate == nil else { throw self.fail("Unpaired surrogate in \\u escape") }
            scalars.append(try self.utf8Scalar())
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard self.index + 4 <= self.bytes.count else { throw self.fail("Invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw self.fail("Invalid \\u escape")
            }
            value = value << 4 | digit
            self.index += 1
        }
        return value
    }

    /// Decodes one UTF-8 sequence, rejecting overlong forms, surrogates and truncation.
    private mutating func utf8Scalar() throws(Failure) -> Unicode.Scalar {
        let first = self.bytes[self.index]
        let length: Int
        var value: UInt32
        switch first {
        case 0x00...0x7F:
            self.index += 1
            return Unicode.Scalar(first)
        case 0xC2...0xDF:
            length = 2
            value = UInt32(first & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(first & 0x0F)
        case 0xF0...0xF4:
            length = 4
            value = UInt32(first & 0x07)
        default: throw self.fail("Invalid UTF-8")
        }
        guard self.index + length <= self.bytes.count else { throw self.fail("Invalid UTF-8") }
        for offset in 1..<length {
            let byte = self.bytes[self.index + offset]
            guard byte & 0xC0 == 0x80 else { throw self.fail("Invalid UTF-8") }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : (length == 3 ? 0x800 : 0x10000)
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { throw self.fail("Invalid UTF-8") }
        self.index += length
        return scalar
    }
}
