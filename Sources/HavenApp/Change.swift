public import HavenCore
public import HavenStore

/// One change in progress: its transaction, who makes it and when. A use case records its audit entry through it,
/// so the entry is written inside the change's own transaction and names the same principal every channel would.
public struct Change: Sendable {
    public let sql: SQLExecutor
    public let principal: Principal
    public let now: Timestamp
    let audit: AuditLog

    public var tenant: TenantID { self.principal.tenant }

    /// Records `action` on `target` with explicit details (counts, ids, flags — never a person's data).
    public func record(_ action: AuditAction, _ target: AuditTarget, details: JSONObject = JSONObject()) async throws {
        try await self.audit.record(
            AuditEvent(
                tenant: self.tenant, occurredAt: self.now, actor: self.principal.auditActor, action: action, target: target,
                details: details, sourceIP: self.principal.sourceIP),
            on: self.sql)
    }

    /// Records a change from `before` to `after` (nil `before`: a creation), its changed fields listed with values
    /// only where the record's audit snapshot allows (`AuditSnapshot`).
    public func record(
        _ action: AuditAction,
        _ target: AuditTarget,
        before: AuditSnapshot?,
        after: AuditSnapshot,
        context: [(String, JSONValue)] = []
    ) async throws {
        let changes = AuditChanges.between(before?.fields, after.fields, revealing: after.revealed)
        try await self.record(action, target, details: AuditChanges.details(changes, context))
    }
}
