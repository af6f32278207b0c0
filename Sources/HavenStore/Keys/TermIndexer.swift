import HavenCore
import HavenCrypto
import Synchronization

/// Indexes the words of new tickets shortly after they are created, in batches, instead of inside each create.
///
/// Why: every statement costs a round trip to SQLite, and the ticket-create transaction is the busiest one; moving
/// the word tokens (derived data, rebuildable) out of it and writing them for many tickets in one statement keeps
/// encryption's cost on the create path small. Nothing is lost or stale for readers: `text:` search calls
/// `catchUp` for its tenant first, so a ticket is searchable by its words as soon as its create has answered.
///
/// A per-tenant watermark (`idx.index_state.tickets_through`, a `tickets` rowid) records how far indexing got.
/// Rowids grow in commit order (SQLite has one writer at a time), so "rowid above the watermark" is exactly "not
/// yet indexed". Ticket updates and conversations still index their words in their own transaction.
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
            let (rows, tokens) = try await store.read { sql -> (Int, [(term: Int64, ticket: Int64)]) in
                let through =
                    try await sql.first("SELECT tickets_through FROM idx.index_state WHERE tenant_id = \(tenant)")?.int("tickets_through")
                    ?? 0
                let rows = try await sql.all(
                    """
                    SELECT rowid AS index_rowid, * FROM tickets WHERE tenant_id = \(tenant) AND rowid > \(through)
                    ORDER BY rowid LIMIT \(Int64(Self.batchSize))
                    """
                )
                guard !rows.isEmpty else { return (0, []) }
                let index = try await store.keys.indexes(tenant, on: sql).word
                var tokens: [(term: Int64, ticket: Int64)] = []
                for ticket in try await store.tickets.decode(rows, tenant, withDescription: true, on: sql) where ticket.unreadable == nil {
                    for word in TextNormalizer.words(TicketRepository.indexedText(ticket)) {
                        tokens.append((index.token(word), ticket.id.rawValue))
                    }
                }
                return (rows.count, tokens + [(term: -1, ticket: try rows.last!.int("index_rowid"))])
            }
            guard rows > 0, let watermark = tokens.last?.ticket else { return total }
            try await store.write { sql in
                for chunk in stride(from: 0, to: tokens.count - 1, by: 1000) {
                    var statement = SQL(raw: "INSERT OR IGNORE INTO idx.ticket_terms (tenant_id, term, ticket_id) VALUES ")
                    for (offset, token) in tokens[chunk..<min(chunk + 1000, tokens.count - 1)].enumerated() {
                        statement.append(raw: offset == 0 ? "(" : ", (")
                        statement.append(bind: .int(tenant.rawValue))
                        statement.append(raw: ", ")
                        statement.append(bind: .int(token.term))
                        statement.append(raw: ", ")
                        statement.append(bind: .int(token.ticket))
                        statement.append(raw: ")")
                    }
                    try await sql.execute(statement)
                }
                try await Self.advance(tenant, to: watermark, on: sql)
            }
            total += rows
            if rows < Self.batchSize { return total }
        }
    }

    /// Moves the watermark forward (never back: two catch-ups may run at once, in two processes too).
    static func advance(_ tenant: TenantID, to rowid: Int64, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO idx.index_state (tenant_id, tickets_through) VALUES (\(tenant), \(rowid))
            ON CONFLICT (tenant_id) DO UPDATE SET tickets_through = max(tickets_through, excluded.tickets_through)
            """
        )
    }

    /// The tenants with tickets above their watermark (tickets written by other processes included).
    public static func behind(store: Store) async throws -> [TenantID] {
        try await store.read { sql in
            try await sql.all(
                """
                SELECT t.id FROM tenants t WHERE EXISTS (SELECT 1 FROM tickets k WHERE k.tenant_id = t.id
                AND k.rowid > coalesce((SELECT s.tickets_through FROM idx.index_state s WHERE s.tenant_id = t.id), 0))
                """
            ).map { TenantID(try $0.int("id")) }
        }
    }
}
