import HavenCore

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

/// The audit table's queries. Appends only: the table's triggers refuse UPDATE and DELETE (but for a purge behind
/// a recorded anchor), so there is nothing else to offer.
public struct AuditRepository: Sendable {
    public init() {}

    /// The newest entry's sequence number and hash, or the anchor a purge left, or nothing for an empty log.
    public func head(_ tenant: TenantID, on sql: SQLExecutor) async throws -> (seq: Int64, hash: [UInt8])? {
        if let row = try await sql.first("SELECT seq, hash FROM audit_events WHERE tenant_id = \(tenant) ORDER BY seq DESC LIMIT 1") {
            return (try row.int("seq"), try row.bytes("hash"))
        }
        return try await self.anchor(tenant, on: sql).map { ($0.firstSeq - 1, $0.prevHash) }
    }

    public func anchor(_ tenant: TenantID, on sql: SQLExecutor) async throws -> (firstSeq: Int64, prevHash: [UInt8])? {
        try await sql.first("SELECT first_seq, prev_hash FROM audit_anchors WHERE tenant_id = \(tenant)").map {
            (try $0.int("first_seq"), try $0.bytes("prev_hash"))
        }
    }

    public func insert(_ e: StoredAuditEntry, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_type, actor_id, actor_key_id, actor_name, action,
                target_type, target_id, details, prev_hash, hash)
            VALUES (\(e.tenantID), \(e.seq), \(e.occurredAt), \(e.actorType), \(e.actorID), \(e.actorKeyID), \(e.actorName),
                \(e.action), \(e.targetType), \(e.targetID), \(DBValue.blob(e.details)), \(DBValue.blob(e.prevHash)),
                \(DBValue.blob(e.hash)))
            """
        )
    }

    /// Up to `limit` entries after sequence number `afterSeq`, in sequence order.
    public func entries(_ tenant: TenantID, afterSeq: Int64, limit: Int, on sql: SQLExecutor) async throws -> [StoredAuditEntry] {
        try await sql.all(
            """
            SELECT * FROM audit_events WHERE tenant_id = \(tenant) AND seq > \(afterSeq) ORDER BY seq LIMIT \(Int64(limit))
            """
        ).map { row in
            StoredAuditEntry(
                tenantID: try row.id("tenant_id"), seq: try row.int("seq"), occurredAt: try row.timestamp("occurred_at"),
                actorType: try row.string("actor_type"), actorID: try row.optionalInt("actor_id"),
                actorKeyID: try row.optionalInt("actor_key_id"), actorName: try row.optionalString("actor_name"),
                action: try row.string("action"), targetType: try row.optionalString("target_type"),
                targetID: try row.optionalString("target_id"), details: try Self.bytes(row, "details"),
                prevHash: try Self.bytes(row, "prev_hash"), hash: try Self.bytes(row, "hash")
            )
        }
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
