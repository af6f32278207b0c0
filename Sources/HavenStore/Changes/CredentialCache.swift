public import HavenCore
import Synchronization

/// API keys this process resolved recently (key hash → owner, role and tenant), so most requests authenticate
/// without a database read. Deny by default still holds: only successful lookups are kept, each for `lifetime`.
///
/// Every change that can take a key's power away — a key revoked, an agent's role changed or the agent removed, a
/// person erased, a tenant suspended or purged — clears the cache in the transaction that makes it (at once, and
/// again after the commit), so in this process it takes effect with the next request. Another process (the CLI
/// suspending a tenant, a second node) reaches this one within `lifetime`.
public final class CredentialCache: Sendable {
    private struct Entry: Sendable {
        let owner: APIKeyOwner
        let tenant: Tenant
        let expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    public let lifetime: Duration
    static let capacity = 10_000

    public init(lifetime: Duration = .seconds(2)) {
        self.lifetime = lifetime
    }

    public func lookup(_ hash: String) -> (APIKeyOwner, Tenant)? {
        let now = ContinuousClock.now
        return self.entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard entry.expires > now else {
                entries[hash] = nil
                return nil
            }
            return (entry.owner, entry.tenant)
        }
    }

    public func remember(_ hash: String, _ owner: APIKeyOwner, _ tenant: Tenant) {
        let entry = Entry(owner: owner, tenant: tenant, expires: ContinuousClock.now + self.lifetime)
        self.entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = entry
        }
    }

    public func clear() {
        self.entries.withLock { $0.removeAll() }
    }

    /// Clears the cache for a change in the transaction `sql` belongs to (now, and once it commits).
    func credentialsChanged(on sql: SQLExecutor) {
        sql.changed(.credentials) { self.clear() }
    }
}
