/// Signed receipts of permanent deletions (a contact erased, a tenant purged). The tenant's column is not called
/// `tenant_id` on purpose: a tenant's purge deletes every table with that column, and the receipt of the purge must
/// outlive it. A receipt holds counts, kinds and key versions only, never a person's data.
enum Migration0016CreateDeletionReceipts {
    static let migration = Migration(
        version: 16,
        name: "0016_CreateDeletionReceipts",
        statements: [
            """
            CREATE TABLE deletion_receipts (
                id TEXT NOT NULL PRIMARY KEY,
                receipt_tenant INTEGER NOT NULL,        -- the tenant it is about (which may be gone)
                kind TEXT NOT NULL,
                body TEXT NOT NULL,                     -- the signed JSON, byte for byte
                signature TEXT NOT NULL,                -- Ed25519 over body, base64
                created_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX deletion_receipts_by_tenant ON deletion_receipts (receipt_tenant, created_at)",
        ]
    )
}
