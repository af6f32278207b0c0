/// The source of secret randomness (API keys, job ids). Injected so tests can be deterministic where they need to
/// be; production uses the operating system's CSPRNG.
public protocol RandomSource: Sendable {
    func bytes(count: Int) -> [UInt8]
}

public struct SystemRandomSource: RandomSource {
    public init() {}

    public func bytes(count: Int) -> [UInt8] {
        // SystemRandomNumberGenerator reads getrandom(2) on Linux: a cryptographically secure source.
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
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
