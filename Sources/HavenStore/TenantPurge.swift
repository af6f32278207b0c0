public import HavenCore

/// Deletes a terminated tenant for good: every row it owns, its index tokens and all its keys, in one transaction,
/// with a signed deletion receipt (rows per table, key versions destroyed) that outlives the tenant. With the keys
/// gone, every copy of its data — replicas, old backups — is unreadable (crypto-shredding).
public struct TenantPurge: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func purge(subdomain: String) async throws -> TenantID {
        try await self.purgeWithReceipt(subdomain: subdomain).tenant
    }

    /// The purge, and its receipt's id.
    public func purgeWithReceipt(subdomain: String) async throws -> (tenant: TenantID, receipt: String) {
        // Loaded before the purge's transaction: the key's first use writes the keystore in one of its own.
        let signer = try await ReceiptSigner.load(self.store)
        return try await self.store.write { sql in
            guard let tenant = try await self.store.tenants.find(subdomain: subdomain, on: sql) else {
                throw HavenError.usage("No tenant with subdomain '\(subdomain)'")
            }
            guard tenant.status == .terminated else {
                throw HavenError.usage("Tenant '\(subdomain)' is \(tenant.status.rawValue); terminate it before purging")
            }
            if sql.dialect == .sqlite {
                // Foreign keys are checked at commit, when every row of the tenant is gone, so the order does not matter.
                try await sql.execute("PRAGMA defer_foreign_keys = ON")
            }
            // The audit log refuses deletes unless an anchor covers them: the purge anchors past its end first.
            try await sql.execute(
                """
                INSERT INTO audit_anchors (tenant_id, first_seq, prev_hash)
                VALUES (\(tenant.id), \(Int64.max), \(DBValue.blob([])))
                ON CONFLICT (tenant_id) DO UPDATE SET first_seq = excluded.first_seq, prev_hash = excluded.prev_hash, mac = excluded.mac
                """
            )
            try await sql.execute("DELETE FROM audit_events WHERE tenant_id = \(tenant.id)")
            let tables: [String]
            switch sql.dialect {
            case .sqlite:
                tables = try await sql.all(
                    """
                    SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name <> 'tenants'
                    AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'tenant_id')
                    """
                ).map { try $0.string("name") }.sorted()
            case .postgres:
                // PostgreSQL checks foreign keys per statement: referencing tables go first.
                tables = try await PostgresSchema.tenantTablesReferencingFirst(on: sql)
            }
            var deleted: [(String, Int64)] = []
            for table in tables {
                let rows = try await sql.scalar(
                    SQL(raw: "SELECT count(*) FROM \"\(table)\" WHERE tenant_id = ") + .tenant(tenant.id))
                if rows > 0 { deleted.append((table, rows)) }
                try await sql.execute(SQL(raw: "DELETE FROM \"\(table)\" WHERE tenant_id = ") + .tenant(tenant.id))
            }
            try await sql.execute("DELETE FROM tenants WHERE id = \(tenant.id)")
            sql.transaction?.announce(.hosts)
            try await IndexTokens.clear(tenant.id, on: sql)
            let keys = try await self.store.keys.eraseTenant(tenant.id, on: sql)
            self.store.credentials.credentialsChanged(on: sql)
            let receipt = DeletionReceipt(
                id: self.store.random.hex(count: 16), tenantID: tenant.id, kind: .tenantPurged, deleted: deleted, keysDestroyed: keys,
                at: self.store.clock.now())
            try await self.store.receipts.insert(receipt, signature: try signer.sign(receipt.body), on: sql)
            return (tenant.id, receipt.id)
        }
    }
}
