public import HavenCore

/// A stored receipt: its signed body as written, and its signature.
public struct StoredReceipt: Sendable, Equatable {
    public let id: String
    public let tenantID: TenantID
    public let kind: String
    public let body: String
    public let signature: String
    public let createdAt: Timestamp
}

/// Deletion receipts, kept after everything they describe is gone (a purged tenant's too).
public protocol DeletionReceiptRepository: Sendable {
    func insert(_ receipt: DeletionReceipt, signature: String, on sql: SQLExecutor) async throws
    /// A tenant's receipts, newest first.
    func list(_ tenant: TenantID, limit: Int, on sql: SQLExecutor) async throws -> [StoredReceipt]
    func find(_ tenant: TenantID, id: String, on sql: SQLExecutor) async throws -> StoredReceipt?
}

public struct SQLiteDeletionReceiptRepository: DeletionReceiptRepository {
    public init() {}

    public func insert(_ receipt: DeletionReceipt, signature: String, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO deletion_receipts (id, receipt_tenant, kind, body, signature, created_at)
            VALUES (\(receipt.id), \(receipt.tenantID), \(receipt.kind.rawValue), \(receipt.body), \(signature), \(receipt.at))
            """)
    }

    public func list(_ tenant: TenantID, limit: Int, on sql: SQLExecutor) async throws -> [StoredReceipt] {
        try await sql.all(
            """
            SELECT * FROM deletion_receipts WHERE receipt_tenant = \(tenant) ORDER BY created_at DESC, id LIMIT \(Int64(limit))
            """
        ).map(Self.decode)
    }

    public func find(_ tenant: TenantID, id: String, on sql: SQLExecutor) async throws -> StoredReceipt? {
        try await sql.first("SELECT * FROM deletion_receipts WHERE receipt_tenant = \(tenant) AND id = \(id)").map(Self.decode)
    }

    static func decode(_ row: Row) throws -> StoredReceipt {
        StoredReceipt(
            id: try row.string("id"), tenantID: TenantID(try row.int("receipt_tenant")), kind: try row.string("kind"),
            body: try row.string("body"), signature: try row.string("signature"), createdAt: try row.timestamp("created_at"))
    }
}
