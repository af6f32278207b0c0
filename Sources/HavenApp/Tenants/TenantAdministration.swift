public import HavenCore
import HavenStore

/// What an operator does to a whole tenant: suspend it (its API answers 403 `account_suspended`), reactivate it,
/// and purge a terminated one for good.
public struct TenantAdministration: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// Every tenant of the deployment (an operator's view: names and states, no helpdesk content).
    public func all() async throws -> [Tenant] {
        let store = self.helpdesk.store
        return try await store.read { sql in try await store.tenants.all(on: sql) }
    }

    public func find(subdomain: String) async throws -> Tenant {
        let store = self.helpdesk.store
        guard let tenant = try await store.read({ sql in try await store.tenants.find(subdomain: subdomain, on: sql) }) else {
            throw HavenError.usage("No tenant with subdomain '\(subdomain)'")
        }
        return tenant
    }

    /// Terminates or reactivates a tenant. One transaction with its `tenant.terminated` or `tenant.reactivated` entry.
    public func setStatus(_ status: Tenant.Status, subdomain: String, command: String) async throws {
        let tenant = try await self.find(subdomain: subdomain)
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: .cliOperator(command, tenant: tenant.id), needs: .administerTenant) { change in
            try await store.tenants.setStatus(tenant.id, status, at: change.now, on: change.sql)
            try await change.record(
                status == .active ? .tenantReactivated : .tenantTerminated, .tenant(tenant.id),
                details: ["previous_status": .string(tenant.status.rawValue)])
        }
    }

    /// Deletes a terminated tenant: its rows, index tokens and every key, so every copy of its data is unreadable.
    /// Its audit log goes with it (nothing of the tenant may remain); its signed deletion receipt stays.
    public func purge(subdomain: String) async throws -> (tenant: TenantID, receipt: String) {
        try await TenantPurge(store: self.helpdesk.store).purgeWithReceipt(subdomain: subdomain)
    }
}
