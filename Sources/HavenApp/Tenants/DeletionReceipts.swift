public import HavenCore
public import HavenStore

/// The signed receipts of permanent deletions: a tenant's own list (its admins, and the operator by subdomain), one
/// receipt as the file handed out, the deployment's public key, and the check of a file against it.
public struct DeletionReceipts: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// The tenant's receipts, newest first (a purged tenant's through `list(tenant:)`, the operator's way).
    public func list(by principal: Principal, limit: Int = 100) async throws -> [StoredReceipt] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .viewAuditLog) { sql in
            try await store.receipts.list(principal.tenant, limit: limit, on: sql)
        }
    }

    /// A tenant's receipts by its id, for the operator at the command line: a purged tenant has no subdomain left
    /// to name it by, and its receipts hold no personal data.
    public func list(tenant: TenantID, limit: Int = 100) async throws -> [StoredReceipt] {
        let store = self.helpdesk.store
        return try await store.read { sql in try await store.receipts.list(tenant, limit: limit, on: sql) }
    }

    /// One receipt as the file handed out (`ReceiptSigner.file`); nil when the tenant has none by that id.
    public func file(_ id: String, tenant: TenantID) async throws -> String? {
        let store = self.helpdesk.store
        guard let stored = try await store.read({ sql in try await store.receipts.find(tenant, id: id, on: sql) }) else { return nil }
        return try await ReceiptSigner.load(store).file(body: stored.body, signature: stored.signature)
    }

    public func publicKey() async throws -> String {
        try await ReceiptSigner.load(self.helpdesk.store).publicKey
    }

    public func verify(_ file: String) async throws -> ReceiptSigner.Verdict {
        try await ReceiptSigner.load(self.helpdesk.store).verify(file)
    }
}
