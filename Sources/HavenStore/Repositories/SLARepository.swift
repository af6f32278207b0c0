public import HavenCore

/// Business hours and SLA policies per tenant, and the SLA setup the ticket use cases feed `SLAClock` with.
public protocol SLARepository: Sendable {
    func insert(_ hours: BusinessHours, on sql: SQLExecutor) async throws
    func update(_ hours: BusinessHours, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: BusinessHoursID, on sql: SQLExecutor) async throws
    func businessHours(_ tenant: TenantID, _ id: BusinessHoursID, on sql: SQLExecutor) async throws -> BusinessHours?
    /// Every set of business hours, the default first, then by name.
    func businessHours(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [BusinessHours]
    /// The groups that count in these hours, by id.
    func groups(using id: BusinessHoursID, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [GroupID]
    func insert(_ policy: SLAPolicy, on sql: SQLExecutor) async throws
    func update(_ policy: SLAPolicy, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: SLAPolicyID, on sql: SQLExecutor) async throws
    func policy(_ tenant: TenantID, _ id: SLAPolicyID, on sql: SQLExecutor) async throws -> SLAPolicy?
    /// Every policy, by position (the default last).
    func policies(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [SLAPolicy]
    /// Whether a name is taken (by another record than `except`).
    func nameTaken(_ name: String, hours: Bool, _ tenant: TenantID, except: Int64?, on sql: SQLExecutor) async throws -> Int64?
    /// The tenant's policies, calendars and group hours as `SLAClock` needs them: from memory on a reader (kept
    /// fresh as `TenantCache` keeps it), read afresh inside a write transaction.
    func setup(_ tenant: TenantID, on sql: SQLExecutor) async throws -> SLAClock.Setup
    /// The setup if this process holds it fresh in memory, without a read.
    func cachedSetup(_ tenant: TenantID) -> SLAClock.Setup?
}

extension SLARepository {
    /// The setup from memory when fresh, else read on `sql` (inside a write, its own state): what a ticket change
    /// feeds the clock with, without a read in the common case.
    public func current(_ tenant: TenantID, on sql: SQLExecutor) async throws -> SLAClock.Setup {
        if let cached = self.cachedSetup(tenant) { return cached }
        return try await self.setup(tenant, on: sql)
    }
}
