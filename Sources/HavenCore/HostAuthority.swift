/// A Host header's authority, parsed once and strictly, for every place that reads it (the edge's host check, the
/// API's tenant match, the pages' tenant and links): a DNS name — ASCII letters, digits, hyphens and dots, lower case,
/// a trailing dot dropped — or a bracketed IP literal, and an optional numeric port. Anything else is no host Haven
/// answers, so nothing of a malformed header reaches a lookup or a `Location`.
public struct HostAuthority: Sendable, Equatable {
    /// The name in lower case, or the literal in brackets (`[::1]`).
    public let host: String
    public let port: Int?

    public init?(_ authority: String?) {
        guard let authority, !authority.isEmpty, authority.utf8.count <= 260 else { return nil }
        let hostPart: Substring
        let portPart: Substring?
        if authority.hasPrefix("[") {
            guard let end = authority.firstIndex(of: "]") else { return nil }
            let literal = authority[authority.index(after: authority.startIndex)..<end]
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            hostPart = authority[...end]
            let rest = authority[authority.index(after: end)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return nil }
            portPart = rest.isEmpty ? nil : rest.dropFirst()
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            hostPart = parts[0]
            portPart = parts.count == 2 ? parts[1] : nil
        }
        if let portPart {
            guard (1...5).contains(portPart.count), portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portPart),
                port <= 65_535
            else { return nil }
            self.port = port
        } else {
            self.port = nil
        }
        var host = hostPart.lowercased()
        if !host.hasPrefix("[") {
            if host.hasSuffix(".") { host.removeLast() }
            guard !host.isEmpty, host.utf8.count <= 253,
                host.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "." }),
                !host.hasPrefix("."), !host.contains("..")
            else { return nil }
        }
        self.host = host
    }

    /// `host[:port]` as parsed (never more than was valid of the header).
    public var authority: String { self.port.map { "\(self.host):\($0)" } ?? self.host }

    /// The tenant label when the host is `{label}.{baseDomain}` with a single label; nil otherwise.
    public func subdomain(of baseDomain: String) -> String? {
        Self.subdomain(ofHost: self.host, baseDomain: baseDomain)
    }

    /// The same for a host already parsed.
    public static func subdomain(ofHost host: String, baseDomain: String) -> String? {
        let suffix = "." + baseDomain.lowercased()
        guard host.hasSuffix(suffix) else { return nil }
        let label = String(host.dropLast(suffix.count))
        guard !label.isEmpty, !label.contains(".") else { return nil }
        return label
    }
}
