public import HavenCore

/// One stored audit entry, exactly as written: the chain hash covers these fields, the sealed details included.
public struct StoredAuditEntry: Sendable, Equatable {
    public var tenantID: TenantID
    public var seq: Int64
    public var occurredAt: Timestamp
    public var actorType: String
    public var actorID: Int64?
    public var actorKeyID: Int64?
    public var actorName: String?
    public var action: String
    public var targetType: String?
    public var targetID: String?
    public var details: [UInt8]
    public var prevHash: [UInt8]
    public var hash: [UInt8]

    public init(
        tenantID: TenantID, seq: Int64, occurredAt: Timestamp, actorType: String, actorID: Int64?, actorKeyID: Int64?,
        actorName: String?, action: String, targetType: String?, targetID: String?, details: [UInt8], prevHash: [UInt8],
        hash: [UInt8]
    ) {
        self.tenantID = tenantID
        self.seq = seq
        self.occurredAt = occurredAt
        self.actorType = actorType
        self.actorID = actorID
        self.actorKeyID = actorKeyID
        self.actorName = actorName
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.details = details
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// What the audit log can be filtered by (all conditions combine with AND). Every value is bound, never spliced.
public struct AuditFilter: Sendable, Equatable {
    public var since: Timestamp?
    public var until: Timestamp?
    public var actorType: String?
    public var actorID: Int64?
    public var action: String?
    /// Matches every action starting with it (`ticket.` for all ticket actions).
    public var actionPrefix: String?
    public var targetType: String?
    public var targetID: String?

    public init() {}

    var conditions: SQL {
        var sql: SQL = ""
        if let since { sql = sql + " AND occurred_at >= \(since)" }
        if let until { sql = sql + " AND occurred_at <= \(until)" }
        if let actorType { sql = sql + " AND actor_type = \(actorType)" }
        if let actorID { sql = sql + " AND actor_id = \(actorID)" }
        if let action { sql = sql + " AND action = \(action)" }
        if let actionPrefix { sql = sql + " AND substr(action, 1, CAST(\(Int64(actionPrefix.utf8.count)) AS INTEGER)) = \(actionPrefix)" }
        if let targetType { sql = sql + " AND target_type = \(targetType)" }
        if let targetID { sql = sql + " AND target_id = \(targetID)" }
        return sql
    }
}

/// The audit table's queries. Appends only: the table's triggers refuse UPDATE and DELETE (but for a purge behind
/// a recorded anchor), so there is nothing else to offer.
public struct SQLiteAuditRepository: AuditRepository {
    public init() {}

    /// The newest entry's sequence number and hash, or the anchor a purge left, or nothing for an empty log.
    public func head(_ tenant: TenantID, on sql: SQLExecutor) async throws -> (seq: Int64, hash: [UInt8])? {
        if let row = try await sql.first("SELECT seq, hash FROM audit_events WHERE tenant_id = \(tenant) ORDER BY seq DESC LIMIT 1") {
            return (try row.int("seq"), try row.bytes("hash"))
        }
        return try await self.anchor(tenant, on: sql).map { ($0.firstSeq - 1, $0.prevHash) }
    }

    public func anchor(_ tenant: TenantID, on sql: SQLExecutor) async throws -> AuditAnchor? {
        try await sql.first("SELECT first_seq, prev_hash, mac FROM audit_anchors WHERE tenant_id = \(tenant)").map {
            AuditAnchor(firstSeq: try $0.int("first_seq"), prevHash: try Self.bytes($0, "prev_hash"), mac: try Self.bytes($0, "mac"))
        }
    }

    /// Moves the anchor to `anchor.firstSeq` and deletes every entry before it (the triggers allow exactly that).
    public func purge(_ tenant: TenantID, to anchor: AuditAnchor, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO audit_anchors (tenant_id, first_seq, prev_hash, mac)
            VALUES (\(tenant), \(anchor.firstSeq), \(DBValue.blob(anchor.prevHash)), \(DBValue.blob(anchor.mac)))
            ON CONFLICT (tenant_id) DO UPDATE SET first_seq = excluded.first_seq, prev_hash = excluded.prev_hash, mac = excluded.mac
            """
        )
        try await sql.execute("DELETE FROM audit_events WHERE tenant_id = \(tenant) AND seq < \(anchor.firstSeq)")
    }

    public func insert(_ e: StoredAuditEntry, on sql: SQLExecutor) async throws {
        try await sql.execute(Self.insertInto + " VALUES (" + Self.values(e) + ")")
    }

    public func insert(_ e: StoredAuditEntry, ifHeadHash headHash: [UInt8], on sql: SQLExecutor) async throws -> Bool {
        // One statement for the guess and the insert: on PostgreSQL a refused insert would abort the transaction.
        let inserted = try await sql.all(
            Self.insertInto + " SELECT " + Self.values(e)
                + """
                 WHERE (SELECT hash FROM audit_events WHERE tenant_id = \(e.tenantID) ORDER BY seq DESC LIMIT 1) = \(DBValue.blob(headHash))
                RETURNING seq
                """
        )
        return !inserted.isEmpty
    }

    private static let insertInto: SQL = """
        INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_type, actor_id, actor_key_id, actor_name, action,
            target_type, target_id, details, prev_hash, hash)
        """

    /// An entry's values in the order of `insertInto`'s columns.
    private static func values(_ e: StoredAuditEntry) -> SQL {
        """
        \(e.tenantID), \(e.seq), \(e.occurredAt), \(e.actorType), \(e.actorID), \(e.actorKeyID), \(e.actorName), \(e.action),
            \(e.targetType), \(e.targetID), \(DBValue.blob(e.details)), \(DBValue.blob(e.prevHash)), \(DBValue.blob(e.hash))
        """
    }

    /// Entries matching `filter`, newest first, one page.
    public func page(_ tenant: TenantID, _ filter: AuditFilter, page: PageRequest, on sql: SQLExecutor) async throws -> Page<
        StoredAuditEntry
    > {
        let rows = try await sql.all(
            "SELECT * FROM audit_events WHERE tenant_id = \(tenant)" + filter.conditions + " ORDER BY seq DESC" + page.limitClause)
        return Page(fetched: try rows.map(Self.entry), request: page)
    }

    public func count(_ tenant: TenantID, _ filter: AuditFilter, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) AS n FROM audit_events WHERE tenant_id = \(tenant)" + filter.conditions)
    }

    /// Up to `limit` entries matching `filter` after sequence number `afterSeq`, oldest first (verification,
    /// exports, archiving).
    public func entries(
        _ tenant: TenantID, _ filter: AuditFilter = AuditFilter(), afterSeq: Int64, limit: Int, on sql: SQLExecutor
    ) async throws -> [StoredAuditEntry] {
        try await sql.all(
            "SELECT * FROM audit_events WHERE tenant_id = \(tenant) AND seq > \(afterSeq)" + filter.conditions
                + " ORDER BY seq LIMIT \(Int64(limit))"
        ).map(Self.entry)
    }

    static func entry(_ row: Row) throws -> StoredAuditEntry {
        StoredAuditEntry(
            tenantID: try row.id("tenant_id"), seq: try row.int("seq"), occurredAt: try row.timestamp("occurred_at"),
            actorType: try row.string("actor_type"), actorID: try row.optionalInt("actor_id"),
            actorKeyID: try row.optionalInt("actor_key_id"), actorName: try row.optionalString("actor_name"),
            action: try row.string("action"), targetType: try row.optionalString("target_type"),
            targetID: try row.optionalString("target_id"), details: try Self.bytes(row, "details"),
            prevHash: try Self.bytes(row, "prev_hash"), hash: try Self.bytes(row, "hash")
        )
    }

    /// A value read as bytes whatever an attacker stored in it (text, a number): the verifier must see a changed
    /// type as a changed entry, not crash on it.
    static func bytes(_ row: Row, _ column: String) throws -> [UInt8] {
        switch try row.optionalValue(column) {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        case .int(let value): return Array(String(value).utf8)
        case .real(let value): return Array(String(value).utf8)
        case .null: return []
        }
    }
}
