import HavenCore
public import HavenStore
import Synchronization

/// The host names Haven answers for: IP literals, `localhost`, the base domain, `{tenant}.{base domain}` for tenants
/// that exist, and tenants' custom domains. Anything else is refused (421 on HTTPS, no redirect on HTTP), so a
/// hostile name pointed at Haven (DNS rebinding, an open redirect) gets nothing. Answers are cached briefly and
/// forgotten when any node adds or removes a tenant or domain (`ChangeNotice.hosts`); should a notice be lost, a new
/// tenant or domain is still served within `negativeSeconds` and a removed one stops within `positiveSeconds`.
public final class ServedHosts: Sendable {
    private struct Entry {
        var served: Bool
        var until: Int64
    }

    let store: Store
    let baseDomain: String
    let positiveSeconds: Int64 = 60
    let negativeSeconds: Int64 = 5
    static let maxEntries = 10_000
    private let cache = Mutex<[String: Entry]>([:])

    public init(store: Store, baseDomain: String) {
        self.store = store
        self.baseDomain = baseDomain.lowercased()
    }

    /// Whether `host` (a `HostAuthority`'s host) is one Haven serves.
    public func serves(_ host: String) async throws -> Bool {
        if Self.isIPLiteral(host) || host == "localhost" || host == self.baseDomain { return true }
        let now = self.store.clock.now().secondsSince1970
        if let entry = self.cache.withLock({ $0[host] }), entry.until > now { return entry.served }
        let served = try await self.lookUp(host)
        self.cache.withLock { cache in
            if cache.count >= Self.maxEntries { cache.removeAll(keepingCapacity: true) }
            cache[host] = Entry(served: served, until: now + (served ? self.positiveSeconds : self.negativeSeconds))
        }
        return served
    }

    private func lookUp(_ host: String) async throws -> Bool {
        let suffix = "." + self.baseDomain
        return try await self.store.read { sql in
            if host.hasSuffix(suffix) {
                guard let label = HostAuthority.subdomain(ofHost: host, baseDomain: self.baseDomain) else { return false }
                return try await self.store.tenants.find(subdomain: label, on: sql) != nil
            }
            return try await self.store.customDomains.find(domain: host, on: sql) != nil
        }
    }

    /// Forgets every answer: a tenant or custom domain was added or removed (on this node or another).
    public func forgetAll() {
        self.cache.withLock { $0.removeAll() }
    }

    /// An address literal (`[::1]` as a Host carries it), by the same parser the allowlists use.
    static func isIPLiteral(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return IPNetwork.clientBytes(bare) != nil
    }
}
