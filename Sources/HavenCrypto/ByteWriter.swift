/// Builds the canonical byte strings that key derivation, wrapping and envelopes authenticate. Every variable-length
/// part is length-prefixed (`LP(x) = u32 BE length ‖ x`), so two different tuples can never encode to the same bytes.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) {
        self.bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ value: some Sequence<UInt8>) {
        self.bytes.append(contentsOf: value)
    }

    mutating func raw(_ value: String) {
        self.bytes.append(contentsOf: value.utf8)
    }

    mutating func u8(_ value: UInt8) {
        self.bytes.append(value)
    }

    mutating func u32(_ value: UInt32) {
        self.bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        self.bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        self.bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        self.bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func lengthPrefixed(_ value: String) {
        let utf8 = Array(value.utf8)
        self.u32(UInt32(utf8.count))
        self.bytes.append(contentsOf: utf8)
    }
}

extension Array where Element == UInt8 {
    /// Reads a big-endian u32 at `offset`; the caller has checked the length.
    func u32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }
}
