public import HavenCore

/// Purges every tenant terminated more than `days` ago (`TenantPurge`: keys, rows, tokens, files, with a signed
/// receipt), a tenant at a time; a tenant reactivated meanwhile is not touched (the purge checks the status again
/// in its transaction).
public struct TenantPurges: Sendable {
    public static let defaultDays: Int64 = 90
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// When a terminated tenant will be purged (nil for an active one).
    public static func purgeAt(_ tenant: Tenant, days: Int64) -> Timestamp? {
        guard tenant.status == .terminated else { return nil }
        return (tenant.terminatedAt ?? tenant.updatedAt).adding(seconds: days * 86_400)
    }

    /// The receipts of the tenants purged now.
    @discardableResult
    public func run(days: Int64) async throws -> [(tenant: TenantID, receipt: String)] {
        let now = self.store.clock.now()
        let due = try await self.store.read { sql in try await self.store.tenants.all(on: sql) }
            .filter { tenant in Self.purgeAt(tenant, days: days).map { $0 <= now } ?? false }
        var purged: [(TenantID, String)] = []
        for tenant in due {
            purged.append(try await TenantPurge(store: self.store).purgeWithReceipt(subdomain: tenant.subdomain))
        }
        return purged
    }
}
