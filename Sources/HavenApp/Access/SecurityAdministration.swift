public import HavenCore
import HavenStore

/// An admin's security console below the channels: the tenant's policy and allowlists (with anti-lockout), locks,
/// and each agent's sign-in status. The operator's `haven tenant allowlist clear` comes through here too.
public struct SecurityAdministration: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// A policy change that would refuse the admin's own address: not saved unless confirmed.
    public struct WouldLockOut: Error, Sendable, Equatable {
        public let scope: SecurityPolicy.AllowlistScope
        public let address: String
        public var message: String {
            "Your address \(ClientAddress.display(self.address)) is not in the new \(self.scope.rawValue) allowlist: saving it would lock you out. "
                + "Add your address, or confirm that you accept this."
        }
    }

    /// One agent's sign-in standing, for the admin's list.
    public struct AgentStatus: Sendable {
        public let profile: AgentProfile
        public let hasPassword: Bool
        public let twoFactorEnrolled: Bool
        public let lockedForSeconds: Int64?
        public let sessions: Int
        public let accessEndsAt: Timestamp?
    }

    public func policy(by principal: Principal) async throws -> SecurityPolicy {
        try await self.helpdesk.query(by: principal, needs: .manageSecurity) { sql in
            try await self.helpdesk.store.securityPolicies.find(principal.tenant, on: sql)
        }
    }

    /// Applies a change (the JSON form of `SecurityPolicyCoding`). With an allowlist that would not let the acting
    /// admin's own address in, throws `WouldLockOut` unless `confirmed`.
    @discardableResult
    public func update(_ changes: JSONObject, confirmed: Bool, by principal: Principal) async throws -> SecurityPolicy {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSecurity) { change in
            let before = try await store.securityPolicies.find(change.tenant, on: change.sql)
            let after = try SecurityPolicyCoding.decode(changes, over: before)
            if !confirmed, let address = principal.sourceIP {
                // The console and the API are what an admin uses; the portal allowlist cannot lock an agent out.
                for scope in [SecurityPolicy.AllowlistScope.console, .api] where after.allowlist(scope) != before.allowlist(scope) {
                    if !SecurityPolicyCache.Compiled(after).allows(address, in: scope) {
                        throw WouldLockOut(scope: scope, address: address)
                    }
                }
            }
            guard after != before else { return after }
            try await store.securityPolicies.save(change.tenant, after, at: change.now, on: change.sql)
            try await change.record(
                .securityPolicyChanged, .tenant(change.tenant), details: Self.difference(before, after, confirmed: confirmed))
            return after
        }
    }

    /// The operator's way back in: empties allowlists from the command line (`haven tenant allowlist clear`).
    public func clearAllowlists(_ scopes: [SecurityPolicy.AllowlistScope], by principal: Principal) async throws -> Int {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSecurity) { change in
            var policy = try await store.securityPolicies.find(change.tenant, on: change.sql)
            var cleared = 0
            for scope in scopes where !policy.allowlist(scope).isEmpty {
                cleared += policy.allowlist(scope).count
                policy.allowlists[scope] = nil
            }
            try await store.securityPolicies.save(change.tenant, policy, at: change.now, on: change.sql)
            try await change.record(
                .allowlistCleared, .tenant(change.tenant),
                details: ["scopes": .strings(scopes.map(\.rawValue)), "entries_removed": .int(Int64(cleared))])
            return cleared
        }
    }

    /// Lifts a person's account lock (their failures are forgotten).
    public func unlock(_ person: UserID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageSecurity) { change in
            guard let contact = try await store.contacts.find(change.tenant, person, on: change.sql) else { throw HavenError.notFound }
            let audience: Audience = contact.isAgent ? .agent : .contact
            let subjects = try await SignInSubjects.load(
                change.tenant, email: contact.email ?? "", sourceIP: nil, audience: audience, store: store, on: change.sql)
            try await store.signInLocks.delete(change.tenant, subject: subjects.account, on: change.sql)
            try await change.record(.signInUnlocked, .person(person, audience), details: ["kind": "account"])
        }
    }

    /// Lifts every source-address lock of the tenant; returns how many were locked.
    public func unlockAddresses(by principal: Principal) async throws -> Int {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSecurity) { change in
            let count = try await store.signInLocks.deleteAll(change.tenant, kind: .address, on: change.sql)
            try await change.record(.signInUnlocked, .tenant(change.tenant), details: ["kind": "address", "count": .int(Int64(count))])
            return count
        }
    }

    /// Every agent with their sign-in standing (first 100 by name, as the console lists them).
    public func agents(by principal: Principal) async throws -> (agents: [AgentStatus], lockedAddresses: Int) {
        let store = self.helpdesk.store
        let now = self.helpdesk.clock.now()
        return try await self.helpdesk.query(by: principal, needs: .manageSecurity) { sql in
            let page = try await store.agents.list(principal.tenant, AgentFilter(), page: PageRequest(page: 1, perPage: 100), on: sql)
            var statuses: [AgentStatus] = []
            for profile in page.items {
                let id = profile.contact.id
                let credential = try await store.credentialsOfPeople.find(principal.tenant, id, on: sql)
                let subjects = try await SignInSubjects.load(
                    principal.tenant, email: profile.contact.email ?? "", sourceIP: nil, audience: .agent, store: store, on: sql)
                let locked = try await store.signInLocks.find(principal.tenant, subject: subjects.account, on: sql)?
                    .lockedFor(at: now.secondsSince1970)
                let sessions = try await store.sessions.list(principal.tenant, user: id, audience: .agent, on: sql).count
                statuses.append(
                    AgentStatus(
                        profile: profile, hasPassword: credential?.passwordHash != nil,
                        twoFactorEnrolled: credential?.hasSecondFactor ?? false,
                        lockedForSeconds: locked, sessions: sessions,
                        accessEndsAt: try await store.agents.accessEnds(principal.tenant, id, on: sql)))
            }
            let addresses = try await store.signInLocks.countLocked(principal.tenant, kind: .address, at: now, on: sql)
            return (statuses, addresses)
        }
    }

    /// The audit details of a policy change: which settings changed, and the allowlists' sizes (a company's ranges
    /// are not personal data, but the entry stays small).
    static func difference(_ before: SecurityPolicy, _ after: SecurityPolicy, confirmed: Bool) -> JSONObject {
        let old = SecurityPolicyCoding.encode(before)
        let new = SecurityPolicyCoding.encode(after)
        var changed: [String] = []
        for (key, value) in new where old[key] != value {
            if case .object(let inner) = value, case .object(let previous)? = old[key] {
                changed += inner.filter { previous[$0.key] != $0.value }.map { "\(key).\($0.key)" }
            } else {
                changed.append(key)
            }
        }
        var details: JSONObject = ["changed": .strings(changed)]
        for scope in SecurityPolicy.AllowlistScope.allCases {
            details.append("\(scope.rawValue)_allowlist_entries", .int(Int64(after.allowlist(scope).count)))
        }
        if confirmed { details.append("lockout_confirmed", true) }
        return details
    }
}
