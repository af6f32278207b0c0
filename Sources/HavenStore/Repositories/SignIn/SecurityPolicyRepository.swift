public import HavenCore

/// Each tenant's `SecurityPolicy`, stored as JSON (the defaults when a tenant never saved one).
public protocol SecurityPolicyRepository: Sendable {
    func find(_ tenant: TenantID, on sql: SQLExecutor) async throws -> SecurityPolicy
    func save(_ tenant: TenantID, _ policy: SecurityPolicy, at now: Timestamp, on sql: SQLExecutor) async throws
}
