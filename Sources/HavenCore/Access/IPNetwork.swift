#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One entry of an IP allowlist: an address or a CIDR block, IPv4 or IPv6. IPv4-mapped IPv6 (`::ffff:10.0.0.0/104`)
/// is read as the IPv4 block it maps, so it matches IPv4 clients however the socket reports them. Parsing refuses,
/// each with a message naming the problem: zone ids (`fe80::1%eth0`, which name a link of one machine, not a network),
/// prefix lengths out of range, host bits set (`10.0.0.1/8` is a typo for `10.0.0.0/8`, not a wish), and anything
/// that is not an address.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Network bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]
    public let prefixLength: Int

    public var isIPv4: Bool { self.bytes.count == 4 }

    public init(parsing text: String) throws(Problem) {
        let trimmed = text.trimmingWhitespaceCharacters()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else {
            throw Problem(description: "'\(text.prefix(64))' is not an IP address or CIDR block")
        }
        if trimmed.contains("%") { throw Problem(description: "'\(trimmed)': zone ids (%…) name one machine's link and cannot be allowed") }
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard var address = Self.addressBytes(String(parts[0])) else {
            throw Problem(description: "'\(parts[0])' is not an IPv4 or IPv6 address")
        }
        var length = address.count * 8
        if parts.count == 2 {
            guard let given = Int(parts[1]), parts[1].allSatisfy(\.isNumber), (0...length).contains(given) else {
                throw Problem(description: "'\(trimmed)': the prefix length must be a number from 0 to \(length)")
            }
            length = given
        }
        if address.count == 16, Self.isIPv4Mapped(address) {
            guard length >= 96 else {
                throw Problem(description: "'\(trimmed)': an IPv4-mapped block needs a prefix length of at least 96")
            }
            address = Array(address[12...])
            length -= 96
        }
        let network = Self.masked(address, length)
        guard network == address else {
            let suggestion = IPNetwork(bytes: network, prefixLength: length)
            throw Problem(description: "'\(trimmed)' has host bits set; did you mean \(suggestion)?")
        }
        self.bytes = network
        self.prefixLength = length
    }

    init(bytes: [UInt8], prefixLength: Int) {
        self.bytes = bytes
        self.prefixLength = prefixLength
    }

    public var description: String {
        let text: String
        if self.isIPv4 {
            text = self.bytes.map(String.init).joined(separator: ".")
        } else {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            _ = self.bytes.withUnsafeBytes { inet_ntop(AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
            text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return self.prefixLength == self.bytes.count * 8 ? text : "\(text)/\(self.prefixLength)"
    }

    /// The first and last address of the block, as numbers (IPv4 in the low 32 bits).
    var range: ClosedRange<UInt128> {
        let first = Self.number(self.bytes)
        let hostBits = self.bytes.count * 8 - self.prefixLength
        let last = hostBits == 128 ? UInt128.max : first | ((UInt128(1) << hostBits) - 1)
        return first...last
    }

    /// An address's bytes, IPv4-mapped IPv6 reduced to IPv4; nil for anything else (zone ids included).
    public static func clientBytes(_ text: String) -> [UInt8]? {
        guard !text.contains("%"), let bytes = self.addressBytes(text) else { return nil }
        return bytes.count == 16 && self.isIPv4Mapped(bytes) ? Array(bytes[12...]) : bytes
    }

    static func addressBytes(_ text: String) -> [UInt8]? {
        let family = text.contains(":") ? AF_INET6 : AF_INET
        var bytes = [UInt8](repeating: 0, count: family == AF_INET6 ? 16 : 4)
        let parsed = text.withCString { pointer in bytes.withUnsafeMutableBytes { inet_pton(family, pointer, $0.baseAddress) } }
        return parsed == 1 ? bytes : nil
    }

    static func isIPv4Mapped(_ bytes: [UInt8]) -> Bool {
        bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }

    static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(8, max(0, length - index * 8))
            return kept == 8 ? byte : byte & ~(UInt8(0xFF) >> kept)
        }
    }

    static func number(_ bytes: [UInt8]) -> UInt128 {
        bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }
}

extension String {
    fileprivate func trimmingWhitespaceCharacters() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
