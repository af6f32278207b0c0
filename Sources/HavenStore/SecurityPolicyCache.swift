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
    }

    private let entries = Mutex<[TenantID: Entry]>([:])
    public let lifetime: Duration

    public init(lifetime: Duration = .seconds(2)) {
        self.lifetime = lifetime
    }

    public func lookup(_ tenant: TenantID) -> Compiled? {
        let now = ContinuousClock.now
        return self.entries.withLock { entries in
            guard let entry = entries[tenant], entry.expires > now else { return nil }
            return entry.compiled
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

    func changed(_ tenant: TenantID, on sql: SQLExecutor) {
        let clear: @Sendable () -> Void = { self.entries.withLock { _ = $0.removeValue(forKey: tenant) } }
        if let transaction = sql.transaction { transaction.invalidate(clear) } else { clear() }
    }
}

extension Store {
    /// A tenant's policy with its allowlists compiled, from the cache when fresh (the request path's lookup).
    public func compiledPolicy(_ tenant: TenantID) async throws -> SecurityPolicyCache.Compiled {
        if let compiled = self.policyCache.lookup(tenant) { return compiled }
        let policy = try await self.read { sql in try await self.securityPolicies.find(tenant, on: sql) }
        return self.policyCache.remember(tenant, policy)
    }
}
