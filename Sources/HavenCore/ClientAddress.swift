/// The unit in which Haven counts a client's connections and failed sign-ins: an IPv4 address, or the /64 an IPv6
/// address lies in (one subscriber is routinely given a whole /64, so counting single IPv6 addresses would let one
/// client choose its own count). IPv4-mapped IPv6 addresses count as their IPv4 address.
public enum ClientAddress {
    /// An address as people write it: an IPv4 client of a dual-stack listener arrives as `::ffff:a.b.c.d`.
    public static func display(_ address: String) -> String {
        address.lowercased().hasPrefix("::ffff:") && address.contains(".") ? String(address.dropFirst(7)) : address
    }

    /// The counting key for an address as `SocketAddress.ipAddress` prints it; the text itself when it is not an IP.
    public static func aggregate(_ ip: String) -> String {
        guard let bytes = IPNetwork.clientBytes(ip) else { return ip }
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return IPNetwork(bytes: IPNetwork.masked(bytes, 64), prefixLength: 64).description
    }
}
