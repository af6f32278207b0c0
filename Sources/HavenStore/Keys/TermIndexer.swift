public import HavenCore
import HavenCrypto
import Synchronization

/// Indexes the words of new tickets shortly after they are created, in batches, instead of inside each create.
///
/// Why: every statement costs a round trip to SQLite, and the ticket-create transaction is the busiest one; moving
/// the word tokens (derived data, rebuildable) out of it and writing them for many tickets in one statement keeps
/// encryption's cost on the create path small. Nothing is lost or stale for readers: `text:` search calls
/// `catchUp` for its tenant first, so a ticket is searchable by its words as soon as its create has answered.
///
/// A per-tenant watermark (`idx.index_state.tickets_through`, a `tickets` rowid) records how far indexing got. The
/// queries walk the rowid range above it (`+tenant_id` keeps SQLite from choosing a tenant index instead, which read
/// and sorted every ticket of the tenant for each batch).
/// Rowids grow in commit order (SQLite has one writer at a time), so "rowid above the watermark" is exactly "not
/// yet indexed". On PostgreSQL the number is the `index_row` identity column, which grows in commit order within a
/// tenant (Migration0031). Ticket updates and conversations still index their words in their own transaction.
public final class TermIndexer: Sendable {
    public let signals: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let pending = Mutex<Set<TenantID>>([])
    static let batchSize = 500

    public init() {
        (self.signals, self.continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Called after a create commits: the indexing service picks the tenant up.
    func notify(_ tenant: TenantID) {
        self.pending.withLock { _ = $0.insert(tenant) }
        self.continuation.yield()
    }

    public func takePending() -> Set<TenantID> {
        self.pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
    }

    public func finish() {
        self.continuation.finish()
    }

    /// Indexes every ticket of the tenant above its watermark; returns how many tickets it indexed.
    @discardableResult
    public static func catchUp(_ tenant: TenantID, store: Store) async throws -> Int {
        var total = 0
        while true {
            // Read and decrypt on a reader; only the token rows and the watermark take the writer.
            let batch = try await store.read { sql -> (rows: Int, through: Int64, pairs: [(token: Int64, owner: Int64)]) in
                let through =
                    try await sql.first("SELECT tickets_through FROM idx.index_state WHERE tenant_id = \(tenant)")?.int("tickets_through")
                    ?? 0
                let (row, tenantColumn) = (SQL(raw: Self.rowColumn(sql)), SQL(raw: Self.tenantColumn(sql, "tenant_id")))
                let rows = try await sql.all(
                    """
                    SELECT \(row) AS index_rowid, * FROM tickets WHERE \(tenantColumn) = \(tenant) AND \(row) > \(through)
                    ORDER BY \(row) LIMIT \(Int64(Self.batchSize))
                    """
                )
                guard let last = rows.last else { return (0, through, []) }
                let index = try await store.keys.indexes(tenant, on: sql).word
                var pairs: [(token: Int64, owner: Int64)] = []
                for ticket in try await store.sqliteTickets.decode(rows, tenant, withDescription: true, on: sql)
                where ticket.unreadable == nil {
                    for word in TextNormalizer.words(SQLiteTicketRepository.indexedText(ticket)) {
                        pairs.append((index.token(word), ticket.id.rawValue))
                    }
                }
                return (rows.count, try last.int("index_rowid"), pairs)
            }
            guard batch.rows > 0 else { return total }
            // Without the tenant's lock on PostgreSQL (both statements are idempotent), so a pass never holds up the
            // tenant's creates.
            try await PostgresSession.$withoutTenantLock.withValue(true) {
                try await store.write { sql in
                    try await IndexTokens.insert(.ticketTerms, tenant, pairs: batch.pairs, on: sql)
                    try await Self.advance(tenant, to: batch.through, on: sql)
                }
            }
            let rows = batch.rows
            total += rows
            if rows < Self.batchSize { return total }
        }
    }

    /// The column that numbers tickets in commit order: SQLite's rowid, PostgreSQL's `index_row`.
    static func rowColumn(_ sql: SQLExecutor) -> String {
        sql.dialect == .postgres ? "index_row" : "rowid"
    }

    /// The tenant column as the walk filters on it: `+tenant_id` on SQLite (see above), plain on PostgreSQL, whose
    /// `(tenant_id, index_row)` index serves the walk.
    static func tenantColumn(_ sql: SQLExecutor, _ column: String) -> String {
        sql.dialect == .sqlite ? "+" + column : column
    }

    /// Moves the watermark forward (never back: two catch-ups may run at once, in two processes too).
    static func advance(_ tenant: TenantID, to rowid: Int64, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO idx.index_state (tenant_id, tickets_through) VALUES (\(tenant), \(rowid))
            ON CONFLICT (tenant_id) DO UPDATE SET tickets_through = \(SQL(raw: sql.dialect == .postgres ? "greatest" : "max"))(
                index_state.tickets_through, excluded.tickets_through)
            """
        )
    }

    /// The tenants with tickets above their watermark (tickets written by other processes included). Across
    /// tenants on purpose: the indexing service's sweep; each tenant is then indexed on its own.
    public static func behind(store: Store) async throws -> [TenantID] {
        try await store.read { sql in
            try await sql.all(
                .across(
                    .indexSweep,
                    """
                    SELECT t.id FROM tenants t WHERE EXISTS (SELECT 1 FROM tickets k WHERE \(SQL(raw: Self.tenantColumn(sql, "k.tenant_id"))) = t.id
                    AND k.\(SQL(raw: Self.rowColumn(sql))) > coalesce(
                        (SELECT s.tickets_through FROM idx.index_state s WHERE s.tenant_id = t.id), 0))
                    """)
            ).map { TenantID(try $0.int("id")) }
        }
    }
}
