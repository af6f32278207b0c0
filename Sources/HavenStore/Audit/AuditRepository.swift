public import HavenCore

/// The audit table: appends, pages, the chain head and the retention anchor. Appends only; the triggers refuse UPDATE and DELETE but for a purge behind an anchor.
public protocol AuditRepository: Sendable {
    /// The newest entry's sequence number and hash, or the anchor a purge left, or nothing for an empty log.
    func head(_ tenant: TenantID, on sql: SQLExecutor) async throws -> (seq: Int64, hash: [UInt8])?
    func anchor(_ tenant: TenantID, on sql: SQLExecutor) async throws -> AuditAnchor?
    /// Moves the anchor to `anchor.firstSeq` and deletes every entry before it (the triggers allow exactly that).
    func purge(_ tenant: TenantID, to anchor: AuditAnchor, on sql: SQLExecutor) async throws
    func insert(_ e: StoredAuditEntry, on sql: SQLExecutor) async throws
    /// Inserts `e` only if the newest entry's hash is `headHash` (the entry `e` follows); false, and nothing
    /// inserted, otherwise. Never fails for a wrong guess, so the transaction goes on.
    func insert(_ e: StoredAuditEntry, ifHeadHash headHash: [UInt8], on sql: SQLExecutor) async throws -> Bool
    /// Entries matching `filter`, newest first, one page.
    func page(_ tenant: TenantID, _ filter: AuditFilter, page: PageRequest, on sql: SQLExecutor) async throws -> Page<StoredAuditEntry>
    func count(_ tenant: TenantID, _ filter: AuditFilter, on sql: SQLExecutor) async throws -> Int64
    /// Up to `limit` entries matching `filter` after sequence number `afterSeq`, oldest first (verification,
    /// exports, archiving).
    func entries(_ tenant: TenantID, _ filter: AuditFilter, afterSeq: Int64, limit: Int, on sql: SQLExecutor) async throws
        -> [StoredAuditEntry]
}

extension AuditRepository {
    /// Every entry after `afterSeq`, oldest first (verification, archiving).
    public func entries(_ tenant: TenantID, afterSeq: Int64, limit: Int, on sql: SQLExecutor) async throws -> [StoredAuditEntry] {
        try await self.entries(tenant, AuditFilter(), afterSeq: afterSeq, limit: limit, on: sql)
    }
}
