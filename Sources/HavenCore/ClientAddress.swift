#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The unit in which Haven counts a client's connections and failed sign-ins: an IPv4 address, or the /64 an IPv6
/// address lies in (one subscriber is routinely given a whole /64, so counting single IPv6 addresses would let one
/// client choose its own count). IPv4-mapped IPv6 addresses count as their IPv4 address.
public enum ClientAddress {
    /// The counting key for an address as `SocketAddress.ipAddress` prints it; the text itself when it is not an IP.
    public static func aggregate(_ ip: String) -> String {
        guard ip.contains(":") else { return ip }
        var bytes = [UInt8](repeating: 0, count: 16)
        let parsed = ip.withCString { text in bytes.withUnsafeMutableBytes { inet_pton(AF_INET6, text, $0.baseAddress) } }
        guard parsed == 1 else { return ip }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        let hextets = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return hextets.joined(separator: ":") + "::/64"
    }
}
