public import HavenCore
import HavenCrypto

/// Time entries. The note belongs to the ticket's thread: sealed under the requester's subject key, read through
/// the ticket (a join), and moved under a new requester's key with the rest of the thread (`reseal`).
public struct SQLiteTimeEntryRepository: TimeEntryRepository {
    let keys: KeyRing
    static let table = "time_entries"

    public init(keys: KeyRing) {
        self.keys = keys
    }

    /// Selects entries with `owner_id` (the requester whose key seals the note) and the ticket's company.
    private static let select: SQL = """
        SELECT e.*, t.requester_id AS owner_id FROM time_entries e
        JOIN tickets t ON t.tenant_id = e.tenant_id AND t.id = e.ticket_id
        """

    private func sealedNote(_ entry: TimeEntry, on sql: SQLExecutor) async throws -> DBValue {
        let owner = try await sql.scalar(
            "SELECT requester_id FROM tickets WHERE tenant_id = \(entry.tenantID) AND id = \(entry.ticketID)")
        return try await self.keys.sealer(entry.tenantID, .subject(owner), create: true, on: sql)
            .seal(entry.note, Self.table, "note", entry.id.rawValue)
    }

    public func insert(_ e: TimeEntry, on sql: SQLExecutor) async throws {
        let note = try await self.sealedNote(e, on: sql)
        try await sql.execute(
            """
            INSERT INTO time_entries (tenant_id, id, ticket_id, agent_id, billable, note, timer_running, accumulated_seconds,
                start_time, executed_at, created_at, updated_at)
            VALUES (\(e.tenantID), \(e.id), \(e.ticketID), \(e.agentID), \(e.billable), \(note), \(e.timerRunning),
                \(e.accumulatedSeconds), \(e.startTime), \(e.executedAt), \(e.createdAt), \(e.updatedAt))
            """
        )
    }

    /// Writes a changed entry; an entry whose note could not be read keeps its stored note (never overwritten by a
    /// stub).
    public func update(_ e: TimeEntry, on sql: SQLExecutor) async throws {
        var statement: SQL = "UPDATE time_entries SET "
        if e.unreadable == nil {
            statement.append("note = \(try await self.sealedNote(e, on: sql)), ")
        }
        statement.append(
            """
            agent_id = \(e.agentID), billable = \(e.billable), timer_running = \(e.timerRunning),
                accumulated_seconds = \(e.accumulatedSeconds), start_time = \(e.startTime), executed_at = \(e.executedAt),
                updated_at = \(e.updatedAt)
            WHERE tenant_id = \(e.tenantID) AND id = \(e.id)
            """
        )
        try await sql.execute(statement)
    }

    public func delete(_ tenant: TenantID, _ id: TimeEntryID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM time_entries WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func find(_ tenant: TenantID, _ id: TimeEntryID, on sql: SQLExecutor) async throws -> TimeEntry? {
        try await self.decode(sql.all(Self.select + " WHERE e.tenant_id = \(tenant) AND e.id = \(id)"), tenant, on: sql).first
    }

    public func list(_ tenant: TenantID, _ filter: TimeEntryFilter, page: PageRequest, on sql: SQLExecutor) async throws
        -> Page<TimeEntry>
    {
        var statement = Self.select + " WHERE e.tenant_id = \(tenant)"
        if let ticket = filter.ticketID { statement.append(" AND e.ticket_id = \(ticket)") }
        if let agent = filter.agentID { statement.append(" AND e.agent_id = \(agent)") }
        if let company = filter.companyID { statement.append(" AND t.company_id = \(company)") }
        if let after = filter.executedAfter { statement.append(" AND e.executed_at >= \(after)") }
        if let before = filter.executedBefore { statement.append(" AND e.executed_at <= \(before)") }
        if let billable = filter.billable { statement.append(" AND e.billable = \(billable)") }
        statement.append(" ORDER BY e.id" + page.limitClause)
        return Page(fetched: try await self.decode(sql.all(statement), tenant, on: sql), request: page)
    }

    public func running(_ tenant: TenantID, agent: UserID, on sql: SQLExecutor) async throws -> [TimeEntry] {
        try await self.decode(
            sql.all(Self.select + " WHERE e.tenant_id = \(tenant) AND e.agent_id = \(agent) AND e.timer_running = 1"), tenant,
            on: sql)
    }

    /// Moves a ticket's notes under a new requester's key when the ticket changes hands, in the caller's transaction.
    func reseal(_ tenant: TenantID, ticket: TicketID, from old: UserID, to new: UserID, on sql: SQLExecutor) async throws {
        let rows = try await sql.all("SELECT id, note FROM time_entries WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)")
        guard !rows.isEmpty else { return }
        let opener = try await self.keys.sealer(tenant, .subject(old.rawValue), on: sql)
        let sealer = try await self.keys.sealer(tenant, .subject(new.rawValue), create: true, on: sql)
        for row in rows {
            let id = try row.int("id")
            let note = try sealer.reseal(row, Self.table, "note", id, openedWith: opener)
            try await sql.execute("UPDATE time_entries SET note = \(note) WHERE tenant_id = \(tenant) AND id = \(id)")
        }
    }

    func decode(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [TimeEntry] {
        try await self.keys.decode(
            rows,
            tenant,
            on: sql,
            scope: { .subject(try $0.int("owner_id")) },
            { row, sealer in
                var entry = try Self.decodeClear(row)
                entry.note = try sealer.open(row, Self.table, "note", entry.id.rawValue)
                return entry
            },
            unreadable: { row, reason in
                var entry = try Self.decodeClear(row)
                entry.unreadable = reason
                return entry
            }
        )
    }

    static func decodeClear(_ row: Row) throws -> TimeEntry {
        var entry = TimeEntry(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), ticketID: try row.id("ticket_id"),
            agentID: try row.id("agent_id"), createdAt: try row.timestamp("created_at"))
        entry.billable = try row.bool("billable")
        entry.timerRunning = try row.bool("timer_running")
        entry.accumulatedSeconds = try row.int("accumulated_seconds")
        entry.startTime = try row.timestamp("start_time")
        entry.executedAt = try row.timestamp("executed_at")
        entry.updatedAt = try row.timestamp("updated_at")
        return entry
    }
}
