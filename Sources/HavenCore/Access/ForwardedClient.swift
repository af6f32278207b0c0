/// The client's address behind reverse proxies: `X-Forwarded-For` is believed only when the connection comes from a
/// trusted proxy (`HAVEN_TRUSTED_PROXIES`), and then read from the right, skipping trusted proxies, to the first
/// address no trusted proxy vouches for — the left part of the header is whatever the client wrote. From any other
/// peer the header is ignored (it is spoofable; corporate forward proxies also add it), so it can never lift a
/// throttle, dodge an allowlist or forge the audit log's source address.
public enum ForwardedClient {
    /// At most this many entries are read (a longer chain is not believed beyond them).
    static let maxHops = 20

    /// - Parameters:
    ///   - peer: the address of the connection's other end.
    ///   - forwardedFor: every `X-Forwarded-For` value of the request, in order.
    ///   - trusted: the proxies; empty trusts none.
    public static func address(peer: String?, forwardedFor: [String], trusted: IPAllowlist) -> String? {
        guard let peer, !trusted.isEmpty, trusted.allows(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters() }
        var client = peer
        for hop in hops.reversed().prefix(self.maxHops) {
            guard let bytes = IPNetwork.clientBytes(hop) else { return client }
            client = bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : hop.lowercased()
            if !trusted.allows(client) { return client }
        }
        return client
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
