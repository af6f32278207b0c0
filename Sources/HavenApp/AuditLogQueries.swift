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

    /// Re-computes the tenant's hash chain (what `haven audit verify` does).
    public func verify(by principal: Principal) async throws -> AuditVerifier.Result {
        try principal.require(.viewAuditLog)
        return try await AuditVerifier(store: self.helpdesk.store).verify(principal.tenant)
    }

    /// Every matching entry, oldest first, in batches, at most `limit`. The export is itself recorded first
    /// (`audit.exported`, with the filters and the count): the file holds people's data once opened.
    public func export(
        _ filter: AuditFilter, limit: Int, by principal: Principal, _ body: ([AuditRecord]) async throws -> Void
    ) async throws {
        let total = try await self.count(filter, by: principal)
        try await self.helpdesk.change(by: principal, needs: .viewAuditLog) { change in
            try await change.record(
                .auditExported, .tenant(change.tenant),
                details: ["entries": .int(min(total, Int64(limit))), "filtered": .bool(filter != AuditFilter())])
        }
        struct Enough: Error {}
        var sent = 0
        do {
            try await AuditReader(store: self.helpdesk.store).each(principal.tenant, filter) { batch in
                let part = Array(batch.prefix(limit - sent))
                sent += part.count
                try await body(part)
                // Stops reading (and opening sealed details) once the limit is reached.
                if sent >= limit { throw Enough() }
            }
        } catch is Enough {}
    }
}
