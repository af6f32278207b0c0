public import HavenAudit
import HavenCore
public import HavenStore

/// Reading a tenant's audit log (administrators; operators at the command line): entries with their details
/// opened, newest first.
public struct AuditLogQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func page(_ filter: AuditFilter, page: PageRequest, by principal: Principal) async throws -> Page<AuditRecord> {
        try principal.require(.viewAuditLog)
        return try await AuditReader(store: self.helpdesk.store).page(principal.tenant, filter, page: page)
    }

    public func count(_ filter: AuditFilter, by principal: Principal) async throws -> Int64 {
        try principal.require(.viewAuditLog)
        return try await AuditReader(store: self.helpdesk.store).count(principal.tenant, filter)
    }
}
