public import Crypto

/// A keyed, truncated hash of a normalized value (encryption.md §10.5): the top `bits` bits of the first 8 bytes of
/// `HMAC-SHA256(indexKey, value)`, as a non-negative integer. Truncation makes it a Bloom-filter-like lookup key:
/// equal values always match, unequal values sometimes do, so every candidate is decrypted and checked.
public struct BlindIndex: Sendable {
    public let bits: Int
    /// Pre-keyed once; copied per token (2–3× faster than a one-shot HMAC, §9.2).
    private let keyed: HMAC<SHA256>

    public init(key: SymmetricKey, bits: Int) {
        precondition((1...63).contains(bits), "blind index width must be 1…63 bits")
        self.bits = bits
        self.keyed = HMAC<SHA256>(key: key)
    }

    public func token(_ normalized: String) -> Int64 {
        var mac = self.keyed
        mac.update(data: Array(normalized.utf8))
        let code = mac.finalize()
        var prefix: UInt64 = 0
        code.withUnsafeBytes { raw in
            for i in 0..<8 { prefix = prefix << 8 | UInt64(raw[i]) }
        }
        return Int64(prefix >> UInt64(64 - self.bits))
    }
}
