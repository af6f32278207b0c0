public import HavenCore
import HavenCrypto
public import HavenStore

/// Reads a tenant's audit log with its details opened: pages for the API, batches for exports.
public struct AuditReader: Sendable {
    let store: Store
    var repository: any AuditRepository { self.store.auditEntries }

    public init(store: Store) {
        self.store = store
    }

    /// Newest first.
    public func page(_ tenant: TenantID, _ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditRecord> {
        try await self.store.read { sql in
            let stored = try await self.repository.page(tenant, filter, page: page, on: sql)
            return Page(items: try await self.open(stored.items, on: sql), hasMore: stored.hasMore)
        }
    }

    public func count(_ tenant: TenantID, _ filter: AuditFilter) async throws -> Int64 {
        try await self.store.read { sql in try await self.repository.count(tenant, filter, on: sql) }
    }

    /// Every matching entry, oldest first, handed over in batches (each read in its own short read transaction, so
    /// a long export never holds one open).
    public func each(
        _ tenant: TenantID, _ filter: AuditFilter, batchSize: Int = 1000, _ body: ([AuditRecord]) async throws -> Void
    ) async throws {
        var after: Int64 = 0
        while true {
            let batch = try await self.store.read { sql in
                try await self.open(try await self.repository.entries(tenant, filter, afterSeq: after, limit: batchSize, on: sql), on: sql)
            }
            guard let last = batch.last else { return }
            try await body(batch)
            after = last.entry.seq
            if batch.count < batchSize { return }
        }
    }

    func open(_ entries: [StoredAuditEntry], on sql: SQLExecutor) async throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        records.reserveCapacity(entries.count)
        for entry in entries {
            do {
                let (details, ip) = try await self.store.audit.openDetails(entry, on: sql)
                records.append(AuditRecord(entry: entry, details: details, sourceIP: ip, unavailable: nil))
            } catch SealedFieldError.erased, KeyError.erased {
                records.append(AuditRecord(entry: entry, details: nil, sourceIP: nil, unavailable: "erased"))
            } catch is SealedFieldError {
                records.append(AuditRecord(entry: entry, details: nil, sourceIP: nil, unavailable: "damaged"))
            }
        }
        return records
    }
}
