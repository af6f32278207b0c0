/// Whether a host name or address literal points into the machine's own or a private network: where a tenant's
/// admin must not be able to make Haven connect (a smarthost URL would otherwise reach the database, the metrics or
/// a neighbour on the LAN).
public enum LocalHosts {
    public static func isLocal(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name.isEmpty || name == "localhost" || name.hasSuffix(".localhost") || name.hasSuffix(".local")
            || name.hasSuffix(".internal") || name.hasSuffix(".lan") || name.hasSuffix(".home.arpa")
        {
            return true
        }
        if let octets = self.ipv4(name) { return self.isLocalIPv4(octets) }
        if name.contains(":") { return self.isLocalIPv6(name) }
        // A bare word without a dot resolves through the local search domains.
        return !name.contains(".")
    }

    static func ipv4(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> Int? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part), value <= 255 else {
                return nil
            }
            return value
        }
        return octets.count == 4 ? octets : nil
    }

    static func isLocalIPv4(_ o: [Int]) -> Bool {
        o[0] == 0 || o[0] == 10 || o[0] == 127 || (o[0] == 169 && o[1] == 254) || (o[0] == 172 && (16...31).contains(o[1]))
            || (o[0] == 192 && o[1] == 168) || (o[0] == 100 && (64...127).contains(o[1])) || o[0] >= 224
    }

    static func isLocalIPv6(_ text: String) -> Bool {
        let address = text.split(separator: "%").first.map(String.init) ?? text
        if address == "::" || address == "::1" { return true }
        // An IPv4 address written inside IPv6 (::ffff:127.0.0.1) is judged as IPv4.
        if let last = address.split(separator: ":").last, let octets = self.ipv4(String(last)) { return self.isLocalIPv4(octets) }
        let first = address.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let head = UInt16(first.isEmpty ? "0" : first, radix: 16) else { return true }
        return (head & 0xfe00) == 0xfc00 || (head & 0xffc0) == 0xfe80 || (head & 0xff00) == 0xff00 || head == 0
    }
}
