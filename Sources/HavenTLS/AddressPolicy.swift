/// Which addresses Haven may connect to on a tenant's behalf. A custom domain's DNS is the tenant's to set: without
/// this check, pointing a domain at 169.254.169.254 or 10.0.0.5 would turn the challenge probe and the diagnosis into
/// a probe of the operator's internal network. Such an address is also one the CA could never validate.
public enum AddressPolicy {
    /// True for loopback, private, link-local, shared (CGNAT) and unspecified addresses, IPv4 and IPv6.
    public static func isInternal(_ address: String) -> Bool {
        let text = address.lowercased()
        if text.contains(":") {
            if text == "::1" || text == "::" { return true }
            if text.hasPrefix("fe8") || text.hasPrefix("fe9") || text.hasPrefix("fea") || text.hasPrefix("feb") { return true }
            if text.hasPrefix("fc") || text.hasPrefix("fd") { return true }
            if text.hasPrefix("::ffff:") { return self.isInternal(String(text.dropFirst("::ffff:".count))) }
            return false
        }
        let octets = text.split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4 else { return true }  // not an address: refuse
        switch (octets[0], octets[1]) {
        case (0, _), (10, _), (127, _): return true
        case (169, 254), (192, 168): return true
        case (172, 16...31): return true
        case (100, 64...127): return true
        default: return false
        }
    }
}
