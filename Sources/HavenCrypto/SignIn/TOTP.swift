import Crypto
public import HavenCore

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA1, 30-second steps, 6 digits: what every
/// authenticator app does by default). Verification accepts the current step and one either side (clock drift), and
/// refuses a step at or before the last one accepted, so a code seen over a shoulder or a proxy cannot be replayed.
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public var digits = 6
    public var stepSeconds: Int64 = 30

    /// Steps accepted either side of the current one.
    public static let window: Int64 = 1
    /// 160 bits, RFC 4226's recommended secret length.
    public static let secretBytes = 20

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// A new secret from Haven's random source.
    public static func generateSecret(using random: any RandomSource) -> [UInt8] {
        random.bytes(count: self.secretBytes)
    }

    /// The time step a moment falls in.
    public func step(at time: Timestamp) -> Int64 {
        time.secondsSince1970 / self.stepSeconds
    }

    /// The code for a time step, zero-padded to `digits`.
    public func code(forStep step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: self.secret)))
        // Dynamic truncation (RFC 4226 §5.3).
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary =
            (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<self.digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: self.digits - value.count) + value
    }

    public func code(at time: Timestamp) -> String {
        self.code(forStep: self.step(at: time))
    }

    /// The step a code was accepted for, or nil: not a code of the current step ± `window`, or a step at or before
    /// `lastUsedStep` (a replay). The caller stores the returned step as the new `lastUsedStep` in the same
    /// transaction that signs the person in. Every candidate step is compared in constant time.
    public func verify(_ code: String, at time: Timestamp, lastUsedStep: Int64?) -> Int64? {
        let typed = code.filter { $0 != " " }
        guard typed.utf8.count == self.digits, typed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let current = self.step(at: time)
        var accepted: Int64?
        for step in (current - Self.window)...(current + Self.window) {
            let matches = ConstantTime.equal(Array(self.code(forStep: step).utf8), Array(typed.utf8))
            if matches, accepted == nil, step > (lastUsedStep ?? Int64.min) { accepted = step }
        }
        return accepted
    }

    /// The `otpauth://` URI authenticator apps read from a QR code.
    public func provisioningURI(issuer: String, account: String) -> String {
        let label = Self.percentEncode(issuer) + ":" + Self.percentEncode(account)
        return "otpauth://totp/\(label)?secret=\(Base32.encode(self.secret))&issuer=\(Self.percentEncode(issuer))"
            + "&algorithm=SHA1&digits=\(self.digits)&period=\(self.stepSeconds)"
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }
}
