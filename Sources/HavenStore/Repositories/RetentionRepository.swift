public import HavenCore

/// Retention rules and what they reach: closed tickets past their days, contacts with nothing and no activity.
public protocol RetentionRepository: Sendable {
    func rules(_ tenant: TenantID, on sql: SQLExecutor) async throws -> RetentionRules
    func save(_ tenant: TenantID, _ rules: RetentionRules, at now: Timestamp, on sql: SQLExecutor) async throws
    /// The tenants with a rule on: the retention service's one cross-tenant read.
    func tenantsWithRules(on sql: SQLExecutor) async throws -> [TenantID]
    /// Tickets closed before `cutoff` (trashed ones too), oldest first.
    func closedTickets(_ tenant: TenantID, before cutoff: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [TicketID]
    func countClosedTickets(_ tenant: TenantID, before cutoff: Timestamp, on sql: SQLExecutor) async throws -> Int64
    /// Contacts (not agents) created and last changed before `cutoff`, requester of no ticket, author of no message,
    /// without a portal session seen since: what the inactive-contact rule erases.
    func inactiveContacts(_ tenant: TenantID, before cutoff: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [UserID]
    func countInactiveContacts(_ tenant: TenantID, before cutoff: Timestamp, on sql: SQLExecutor) async throws -> Int64
    func isInactiveContact(_ tenant: TenantID, _ id: UserID, before cutoff: Timestamp, on sql: SQLExecutor) async throws -> Bool
}

public struct SQLiteRetentionRepository: RetentionRepository {
    public init() {}

    public func rules(_ tenant: TenantID, on sql: SQLExecutor) async throws -> RetentionRules {
        guard let row = try await sql.first("SELECT * FROM retention_rules WHERE tenant_id = \(tenant)") else { return RetentionRules() }
        return RetentionRules(
            closedTicketDays: try row.optionalInt("closed_ticket_days"), inactiveContactDays: try row.optionalInt("inactive_contact_days"))
    }

    public func save(_ tenant: TenantID, _ rules: RetentionRules, at now: Timestamp, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO retention_rules (tenant_id, closed_ticket_days, inactive_contact_days, updated_at)
            VALUES (\(tenant), \(rules.closedTicketDays), \(rules.inactiveContactDays), \(now))
            ON CONFLICT (tenant_id) DO UPDATE SET closed_ticket_days = excluded.closed_ticket_days,
                inactive_contact_days = excluded.inactive_contact_days, updated_at = excluded.updated_at
            """)
    }

    public func tenantsWithRules(on sql: SQLExecutor) async throws -> [TenantID] {
        try await sql.all(
            .across(
                .retentionSweep,
                """
                SELECT tenant_id FROM retention_rules
                WHERE closed_ticket_days IS NOT NULL OR inactive_contact_days IS NOT NULL ORDER BY tenant_id
                """)
        ).map { TenantID(try $0.int("tenant_id")) }
    }

    static func closedTickets(_ tenant: TenantID, _ cutoff: Timestamp) -> SQL {
        "FROM tickets WHERE tenant_id = \(tenant) AND status = \(Int64(TicketStatus.closed.rawValue)) AND closed_at < \(cutoff)"
    }

    public func closedTickets(_ tenant: TenantID, before cutoff: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [TicketID] {
        try await sql.all("SELECT id " + Self.closedTickets(tenant, cutoff) + " ORDER BY closed_at, id LIMIT \(Int64(limit))")
            .map { TicketID(try $0.int("id")) }
    }

    public func countClosedTickets(_ tenant: TenantID, before cutoff: Timestamp, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) " + Self.closedTickets(tenant, cutoff))
    }

    static func inactiveContacts(_ tenant: TenantID, _ cutoff: Timestamp) -> SQL {
        """
        FROM users u WHERE u.tenant_id = \(tenant) AND u.is_agent = 0 AND u.created_at < \(cutoff) AND u.updated_at < \(cutoff)
        AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.tenant_id = u.tenant_id AND t.requester_id = u.id)
        AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.tenant_id = u.tenant_id AND c.user_id = u.id)
        AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.id AND s.last_seen_at >= \(cutoff))
        """
    }

    public func inactiveContacts(_ tenant: TenantID, before cutoff: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [UserID] {
        try await sql.all("SELECT u.id " + Self.inactiveContacts(tenant, cutoff) + " ORDER BY u.id LIMIT \(Int64(limit))")
            .map { UserID(try $0.int("id")) }
    }

    public func countInactiveContacts(_ tenant: TenantID, before cutoff: Timestamp, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) " + Self.inactiveContacts(tenant, cutoff))
    }

    public func isInactiveContact(_ tenant: TenantID, _ id: UserID, before cutoff: Timestamp, on sql: SQLExecutor) async throws -> Bool {
        try await sql.scalar("SELECT count(*) " + Self.inactiveContacts(tenant, cutoff) + " AND u.id = \(id)") > 0
    }
}
