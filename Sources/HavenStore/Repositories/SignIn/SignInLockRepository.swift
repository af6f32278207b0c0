public import HavenCore

/// Lockout state per account and per source address (people.md §2), kept in the database so a restart or a second
/// process forgets nothing. Subjects are keyed hashes: the table holds no e-mail address and no IP address.
public protocol SignInLockRepository: Sendable {
    func find(_ tenant: TenantID, subject: String, on sql: SQLExecutor) async throws -> LockoutState?
    func save(_ tenant: TenantID, subject: String, kind: SignInLockKind, _ state: LockoutState, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, subject: String, on sql: SQLExecutor) async throws
    /// Clears every address lock of a tenant (an admin's "unlock all addresses"); returns how many were locked.
    func deleteAll(_ tenant: TenantID, kind: SignInLockKind, on sql: SQLExecutor) async throws -> Int
    /// How many subjects of a kind are locked at `now`.
    func countLocked(_ tenant: TenantID, kind: SignInLockKind, at now: Timestamp, on sql: SQLExecutor) async throws -> Int
}

public enum SignInLockKind: String, Sendable {
    case account
    case address
}
