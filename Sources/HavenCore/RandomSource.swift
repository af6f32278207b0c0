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
