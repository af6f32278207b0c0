import HavenCore
import HavenStore

/// Reads and advances the lockout state of an attempt's subjects, in the caller's transaction; a lock is audited in
/// that same transaction.
struct Lockouts {
    let store: Store

    /// Seconds left of the longer lock among the subjects, nil when none is locked.
    func lockedFor(_ tenant: TenantID, _ subjects: SignInSubjects, at now: Timestamp, on sql: SQLExecutor) async throws -> Int64? {
        var longest: Int64?
        for subject in [subjects.account, subjects.address].compactMap({ $0 }) {
            if let left = try await self.store.signInLocks.find(tenant, subject: subject, on: sql)?.lockedFor(at: now.secondsSince1970) {
                longest = max(longest ?? 0, left)
            }
        }
        return longest
    }

    /// Counts a failure against both subjects; returns the new lock's length when this failure locked either.
    func recordFailure(
        _ tenant: TenantID, _ subjects: SignInSubjects, person: UserID?, audience: Audience, policy: LockoutPolicy,
        at now: Timestamp, sourceIP: String?, on sql: SQLExecutor
    ) async throws -> Int64? {
        var locked: Int64?
        let pairs: [(String, SignInLockKind)] = [(subjects.account, .account)] + (subjects.address.map { [($0, .address)] } ?? [])
        for (subject, kind) in pairs {
            var state = try await self.store.signInLocks.find(tenant, subject: subject, on: sql) ?? LockoutState()
            if let length = state.recordFailure(at: now.secondsSince1970, policy: kind == .address ? Self.addressPolicy(policy) : policy) {
                locked = max(locked ?? 0, length)
                let target = person.map { AuditTarget.person($0, audience) } ?? AuditTarget(type: "sign_in", id: kind.rawValue)
                try await self.store.audit.record(
                    AuditEvent(
                        tenant: tenant, occurredAt: now, actor: .anonymous, action: AuditAction.signInLocked.rawValue,
                        targetType: target.type, targetID: target.id,
                        details: [
                            "kind": .string(kind.rawValue), "audience": .string(audience.rawValue), "seconds": .int(length),
                            "lock_number": .int(Int64(state.locks)),
                        ], sourceIP: sourceIP),
                    on: sql)
            }
            try await self.store.signInLocks.save(tenant, subject: subject, kind: kind, state, on: sql)
        }
        return locked
    }

    /// An address is often shared (an office behind one NAT): it locks after several times an account's failures,
    /// so one person's typos do not lock out their colleagues, while a guesser spraying many accounts is still stopped.
    static let addressFailureFactor = 4

    static func addressPolicy(_ policy: LockoutPolicy) -> LockoutPolicy {
        var address = policy
        address.maxFailures = policy.maxFailures * Self.addressFailureFactor
        return address
    }

    /// A successful check clears the account's failures (the address keeps its count: one good account must not
    /// reset a guesser's budget for the others).
    func recordSuccess(_ tenant: TenantID, _ subjects: SignInSubjects, on sql: SQLExecutor) async throws {
        guard var state = try await self.store.signInLocks.find(tenant, subject: subjects.account, on: sql) else { return }
        state.recordSuccess()
        try await self.store.signInLocks.save(tenant, subject: subjects.account, kind: .account, state, on: sql)
    }
}
