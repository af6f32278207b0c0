public import HavenCore
import HavenCrypto

/// Ticket summaries, sealed under the ticket's requester's key (moved with the thread, `reseal`).
public protocol TicketSummaryRepository: Sendable {
    func save(_ summary: TicketSummary, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> TicketSummary?
}

public struct SQLiteTicketSummaryRepository: TicketSummaryRepository {
    static let table = "ticket_summaries"
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    private func sealer(_ tenant: TenantID, _ ticket: TicketID, create: Bool, on sql: SQLExecutor) async throws -> Sealer {
        let owner = try await sql.scalar("SELECT requester_id FROM tickets WHERE tenant_id = \(tenant) AND id = \(ticket)")
        return try await self.keys.sealer(tenant, .subject(owner), create: create, on: sql)
    }

    public func save(_ s: TicketSummary, on sql: SQLExecutor) async throws {
        let body = try await self.sealer(s.tenantID, s.ticketID, create: true, on: sql).seal(s.bodyHTML, Self.table, "body", s.id)
        try await sql.execute(
            """
            INSERT INTO ticket_summaries (tenant_id, ticket_id, id, user_id, body, created_at, updated_at)
            VALUES (\(s.tenantID), \(s.ticketID), \(s.id), \(s.userID), \(body), \(s.createdAt), \(s.updatedAt))
            ON CONFLICT (tenant_id, ticket_id) DO UPDATE SET user_id = excluded.user_id, body = excluded.body,
                updated_at = excluded.updated_at
            """
        )
    }

    public func delete(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM ticket_summaries WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)")
    }

    public func find(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> TicketSummary? {
        guard let row = try await sql.first("SELECT * FROM ticket_summaries WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)") else {
            return nil
        }
        let id = try row.int("id")
        let body = try await self.sealer(tenant, ticket, create: false, on: sql).open(row, Self.table, "body", id) ?? ""
        var summary = TicketSummary(
            tenantID: tenant, ticketID: ticket, id: id, bodyHTML: body, userID: try row.id("user_id"), at: try row.timestamp("created_at"))
        summary.updatedAt = try row.timestamp("updated_at")
        return summary
    }

    /// Moves a ticket's summary under a new requester's key when the ticket changes hands, in the caller's transaction.
    func reseal(_ tenant: TenantID, ticket: TicketID, from old: UserID, to new: UserID, on sql: SQLExecutor) async throws {
        guard let row = try await sql.first("SELECT id, body FROM ticket_summaries WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)")
        else { return }
        let opener = try await self.keys.sealer(tenant, .subject(old.rawValue), on: sql)
        let sealer = try await self.keys.sealer(tenant, .subject(new.rawValue), create: true, on: sql)
        let body = try sealer.reseal(row, Self.table, "body", try row.int("id"), openedWith: opener)
        try await sql.execute("UPDATE ticket_summaries SET body = \(body) WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)")
    }
}
