public import HavenCore

/// Ticket field definitions (the defaults and the tenant's custom fields), cached per tenant.
public protocol TicketFieldRepository: Sendable {
    /// The tenant's fields if this process holds them in memory (and they are fresh), without a database read.
    func cached(_ tenant: TenantID) -> [TicketField]?
    func seed(_ tenant: TenantID, at now: Timestamp, on sql: SQLExecutor) async throws
    func insert(_ field: TicketField, on sql: SQLExecutor) async throws
    func update(_ field: TicketField, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: TicketFieldID, on sql: SQLExecutor) async throws
    /// The tenant's fields in form order. Reads on a reader connection go through the cache; reads inside a write
    /// transaction see that transaction's own state and are never cached.
    func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [TicketField]
    func find(_ tenant: TenantID, _ id: TicketFieldID, on sql: SQLExecutor) async throws -> TicketField?
    /// The tenant's custom fields by name: what `custom_fields` in a ticket may carry.
    func customFields(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [String: TicketField]
    func nextPosition(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Int64
}
