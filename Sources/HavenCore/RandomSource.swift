/// The source of secret randomness (API keys, job ids). Injected so tests can be deterministic where they need to
/// be; production uses the operating system's CSPRNG.
public protocol RandomSource: Sendable {
    func bytes(count: Int) -> [UInt8]
}

public struct SystemRandomSource: RandomSource {
    public init() {}

    public func bytes(count: Int) -> [UInt8] {
        // SystemRandomNumberGenerator reads getrandom(2) on Linux: a cryptographically secure source.
        // Eight bytes per call rather than one: key generation sits on the contact-creation path.
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(count + 8)
        while out.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Array(out.prefix(count))
    }
}

extension RandomSource {
    /// Lower-case hexadecimal of `count` random bytes.
    public func hex(count: Int) -> String {
        self.bytes(count: count).hexString
    }
}

extension Sequence where Element == UInt8 {
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Bytes from hexadecimal (either case); nil for an odd length or any other character.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        self = out
    }
}
