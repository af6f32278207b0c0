public import HavenCore
import Synchronization

/// Each tenant's security policy with its allowlists compiled, for the request path: an allowlist of thousands of
/// CIDRs is parsed and merged once, not per request. Entries live `lifetime`; a change in this process clears its
/// tenant's entry in the transaction that makes it (and again after the commit), so it applies with the next
/// request; another process (the CLI clearing an allowlist) reaches this one within `lifetime`.
public final class SecurityPolicyCache: Sendable {
    /// A policy ready for checks.
    public struct Compiled: Sendable {
        public let policy: SecurityPolicy
        public let allowlists: [SecurityPolicy.AllowlistScope: IPAllowlist]

        public init(_ policy: SecurityPolicy) {
            self.policy = policy
            var allowlists: [SecurityPolicy.AllowlistScope: IPAllowlist] = [:]
            for scope in SecurityPolicy.AllowlistScope.allCases {
                allowlists[scope] = IPAllowlist.parse(policy.allowlist(scope)).allowlist
            }
            self.allowlists = allowlists
        }

        public func allows(_ address: String?, in scope: SecurityPolicy.AllowlistScope) -> Bool {
            guard let list = self.allowlists[scope], !list.isEmpty else { return true }
            guard let address else { return false }
            return list.allows(address)
        }
    }

    private struct Entry: Sendable {
        let compiled: Compiled
        let expires: ContinuousClock.Instant
        /// One request is reloading this expired entry; the others keep using it meanwhile.
        var refreshing = false
    }

    /// What a lookup for a request found: an entry to use, or the duty to load one.
    enum Lookup: Sendable {
        case use(Compiled)
        case reload
    }

    private let entries = Mutex<[TenantID: Entry]>([:])
    public let lifetime: Duration

    public init(lifetime: Duration = .seconds(2)) {
        self.lifetime = lifetime
    }

    /// A fresh entry to use, or (missing or expired) the duty to reload it — given to the first caller only: under
    /// load every request would otherwise read and compile the same policy (thousands of CIDR blocks) at once.
    func lookupForRequest(_ tenant: TenantID) -> Lookup {
        let now = ContinuousClock.now
        return self.entries.withLock { entries in
            guard var entry = entries[tenant] else { return .reload }
            if entry.expires > now || entry.refreshing { return .use(entry.compiled) }
            entry.refreshing = true
            entries[tenant] = entry
            return .reload
        }
    }

    public func remember(_ tenant: TenantID, _ policy: SecurityPolicy) -> Compiled {
        let compiled = Compiled(policy)
        let entry = Entry(compiled: compiled, expires: ContinuousClock.now + self.lifetime)
        self.entries.withLock { entries in
            if entries.count >= 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[tenant] = entry
        }
        return compiled
    }

    func forget(_ tenant: TenantID) {
        self.entries.withLock { _ = $0.removeValue(forKey: tenant) }
    }

    func forgetAll() {
        self.entries.withLock { $0.removeAll() }
    }

    func changed(_ tenant: TenantID, on sql: SQLExecutor) {
        sql.changed(.securityPolicy(tenant)) { self.forget(tenant) }
    }
}

extension Store {
    /// A tenant's policy with its allowlists compiled, from the cache when fresh (the request path's lookup).
    public func compiledPolicy(_ tenant: TenantID) async throws -> SecurityPolicyCache.Compiled {
        if case .use(let compiled) = self.policyCache.lookupForRequest(tenant) { return compiled }
        do {
            let policy = try await self.read { sql in try await self.securityPolicies.find(tenant, on: sql) }
            return self.policyCache.remember(tenant, policy)
        } catch {
            // The next request tries again rather than living on the stale entry.
            self.policyCache.forget(tenant)
            throw error
        }
    }
}
