public import HavenCore
import HavenCrypto

/// Tickets. A ticket is its requester's conversation (encryption.md §10.3), so its subject, description, e-mail
/// lists and custom field values are sealed under the requester's subject key, and its words are indexed as 24-bit
/// blind-index terms for `text:` search.
public struct SQLiteTicketRepository: TicketRepository {
    let keys: KeyRing
    let conversations: SQLiteConversationRepository
    let timeEntries: SQLiteTimeEntryRepository
    let attachments: SQLiteAttachmentRepository
    let secureValues: SQLiteSecureValueRepository
    let summaries: SQLiteTicketSummaryRepository
    let termIndexer: TermIndexer
    static let table = "tickets"

    public init(
        keys: KeyRing, conversations: SQLiteConversationRepository, timeEntries: SQLiteTimeEntryRepository,
        attachments: SQLiteAttachmentRepository, secureValues: SQLiteSecureValueRepository, summaries: SQLiteTicketSummaryRepository,
        termIndexer: TermIndexer
    ) {
        self.keys = keys
        self.conversations = conversations
        self.timeEntries = timeEntries
        self.attachments = attachments
        self.secureValues = secureValues
        self.summaries = summaries
        self.termIndexer = termIndexer
    }

    private func sealed(_ ticket: Ticket, on sql: SQLExecutor) async throws -> [String: DBValue] {
        let s = try await self.keys.sealer(ticket.tenantID, .subject(ticket.requesterID.rawValue), create: true, on: sql)
        let id = ticket.id.rawValue
        let t = Self.table
        return [
            "subject": try s.seal(ticket.subject, t, "subject", id),
            "description": try s.seal(ticket.description, t, "description", id),
            "cc_emails": try s.sealList(ticket.ccEmails, t, "cc_emails", id),
            "fwd_emails": try s.sealList(ticket.fwdEmails, t, "fwd_emails", id),
            "reply_cc_emails": try s.sealList(ticket.replyCCEmails, t, "reply_cc_emails", id),
            "ticket_cc_emails": try s.sealList(ticket.ticketCCEmails, t, "ticket_cc_emails", id),
            "custom_fields": try s.sealObject(ticket.customFields, t, "custom_fields", id),
        ]
    }

    public func insert(_ ticket: Ticket, on sql: SQLExecutor) async throws {
        let t = ticket.tenantID
        let id = ticket.id
        let s = ticket.stats
        let v = try await self.sealed(ticket, on: sql)
        try await sql.execute(
            """
            INSERT INTO tickets (tenant_id, id, subject, description, status, priority, source, ticket_type,
                requester_id, responder_id, group_id, company_id, product_id, email_config_id, cc_emails, fwd_emails,
                reply_cc_emails, ticket_cc_emails, custom_fields, tags, spam, deleted, deleted_at, fr_escalated, is_escalated,
                nr_escalated, due_by, fr_due_by, nr_due_by, agent_responded_at, requester_responded_at,
                first_responded_at, status_updated_at, reopened_at, resolved_at, closed_at, pending_since,
                sla_policy_id, sla_paused_at, sla_paused_seconds, sla_manual, sla_notified, sla_next_check,
                created_at, updated_at)
            VALUES (\(t), \(id), \(v["subject"]!), \(v["description"]!),
                \(ticket.status.rawValue), \(ticket.priority.rawValue), \(ticket.source.rawValue), \(ticket.type),
                \(ticket.requesterID), \(ticket.responderID), \(ticket.groupID), \(ticket.companyID),
                \(ticket.productID), \(ticket.emailConfigID),
                \(v["cc_emails"]!), \(v["fwd_emails"]!), \(v["reply_cc_emails"]!), \(v["ticket_cc_emails"]!),
                \(v["custom_fields"]!),
                \(Self.tagsValue(ticket.tags)), \(ticket.spam), \(ticket.deleted), \(ticket.deletedAt), \(ticket.frEscalated), \(ticket.isEscalated),
                \(ticket.nrEscalated), \(ticket.dueBy), \(ticket.frDueBy), \(ticket.nrDueBy), \(s.agentRespondedAt),
                \(s.requesterRespondedAt), \(s.firstRespondedAt), \(s.statusUpdatedAt), \(s.reopenedAt),
                \(s.resolvedAt), \(s.closedAt), \(s.pendingSince), \(ticket.sla.policyID), \(ticket.sla.pausedAt),
                \(ticket.sla.pausedSeconds), \(Self.manualBits(ticket.sla)), \(ticket.sla.notified), \(ticket.sla.nextCheck),
                \(ticket.createdAt), \(ticket.updatedAt))
            """
        )
        // Its words are indexed right after the commit, batched with other new tickets (TermIndexer).
        let indexer = self.termIndexer
        if let transaction = sql.transaction {
            transaction.afterCommit { indexer.notify(t) }
        } else {
            indexer.notify(t)
        }
    }

    /// Writes a changed ticket. `previous` is the ticket as read before the change: a new requester moves the whole
    /// thread under the new requester's key; new subject or description re-indexes its words. A ticket whose sealed
    /// content could not be read (erased or damaged) only has its clear columns written — a stub never overwrites
    /// what it could not read.
    public func update(_ ticket: Ticket, previous: Ticket, on sql: SQLExecutor) async throws {
        let t = ticket.tenantID
        let id = ticket.id
        let s = ticket.stats
        var statement: SQL = "UPDATE tickets SET "
        if ticket.unreadable == nil {
            let v = try await self.sealed(ticket, on: sql)
            statement.append(
                """
                subject = \(v["subject"]!), description = \(v["description"]!),
                    cc_emails = \(v["cc_emails"]!), fwd_emails = \(v["fwd_emails"]!), reply_cc_emails = \(v["reply_cc_emails"]!),
                    ticket_cc_emails = \(v["ticket_cc_emails"]!), custom_fields = \(v["custom_fields"]!), requester_id = \(ticket.requesterID),
                """
            )
        }
        statement.append(
            """
                status = \(ticket.status.rawValue), priority = \(ticket.priority.rawValue),
                source = \(ticket.source.rawValue), ticket_type = \(ticket.type),
                responder_id = \(ticket.responderID), group_id = \(ticket.groupID), company_id = \(ticket.companyID),
                product_id = \(ticket.productID), email_config_id = \(ticket.emailConfigID),
                tags = \(Self.tagsValue(ticket.tags)), spam = \(ticket.spam), deleted = \(ticket.deleted), deleted_at = \(ticket.deletedAt),
                fr_escalated = \(ticket.frEscalated), is_escalated = \(ticket.isEscalated),
                nr_escalated = \(ticket.nrEscalated), due_by = \(ticket.dueBy), fr_due_by = \(ticket.frDueBy),
                nr_due_by = \(ticket.nrDueBy), agent_responded_at = \(s.agentRespondedAt),
                requester_responded_at = \(s.requesterRespondedAt), first_responded_at = \(s.firstRespondedAt),
                status_updated_at = \(s.statusUpdatedAt), reopened_at = \(s.reopenedAt), resolved_at = \(s.resolvedAt),
                closed_at = \(s.closedAt), pending_since = \(s.pendingSince), sla_policy_id = \(ticket.sla.policyID),
                sla_paused_at = \(ticket.sla.pausedAt), sla_paused_seconds = \(ticket.sla.pausedSeconds),
                sla_manual = \(Self.manualBits(ticket.sla)), sla_notified = \(ticket.sla.notified),
                sla_next_check = \(ticket.sla.nextCheck), updated_at = \(ticket.updatedAt)
            WHERE tenant_id = \(t) AND id = \(id)
            """
        )
        try await sql.execute(statement)
        guard ticket.unreadable == nil else { return }
        if ticket.requesterID != previous.requesterID {
            try await self.conversations.reseal(t, ticket: id, from: previous.requesterID, to: ticket.requesterID, on: sql)
            try await self.timeEntries.reseal(t, ticket: id, from: previous.requesterID, to: ticket.requesterID, on: sql)
            try await self.attachments.reseal(t, ticket: id, from: previous.requesterID, to: ticket.requesterID, on: sql)
            try await self.summaries.reseal(t, ticket: id, from: previous.requesterID, to: ticket.requesterID, on: sql)
        }
        if ticket.subject != previous.subject || ticket.description != previous.description {
            try await self.reindexTerms(ticket, on: sql)
        }
    }

    static func indexedText(_ ticket: Ticket) -> String {
        (ticket.subject ?? "") + "\n" + HTMLText.plainText(ticket.description)
    }

    func addTerms(_ tenant: TenantID, _ id: TicketID, words: Set<String>, on sql: SQLExecutor) async throws {
        let index = try await self.keys.indexes(tenant, on: sql).word
        try await IndexTokens.insert(.ticketTerms, tenant, owner: id.rawValue, tokens: Set(words.map(index.token)), on: sql)
    }

    /// Rebuilds a ticket's terms from its subject, description and every conversation body (set semantics: a word
    /// is indexed once per ticket however often it occurs).
    public func reindexTerms(_ ticket: Ticket, on sql: SQLExecutor) async throws {
        var words = TextNormalizer.words(Self.indexedText(ticket))
        for body in try await self.conversations.bodies(ticket.tenantID, tickets: [ticket.id], on: sql)[ticket.id] ?? [] {
            words.formUnion(TextNormalizer.words(body))
        }
        try await IndexTokens.delete(.ticketTerms, ticket.tenantID, owner: ticket.id.rawValue, on: sql)
        try await self.addTerms(ticket.tenantID, ticket.id, words: words, on: sql)
    }

    static func manualBits(_ sla: TicketSLA) -> Int64 {
        (sla.manualDueBy ? 1 : 0) | (sla.manualFrDueBy ? 2 : 0)
    }

    public func dueForSLACheck(now: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [(TenantID, TicketID)] {
        try await sql.all(
            .across(
                .slaSweep,
                """
                SELECT tenant_id, id FROM tickets WHERE sla_next_check IS NOT NULL AND sla_next_check <= \(now)
                ORDER BY sla_next_check LIMIT \(Int64(limit))
                """)
        ).map { (try $0.id("tenant_id"), try $0.id("id")) }
    }

    /// Tags as stored: a JSON array without duplicates (the trigger-maintained `ticket_tags` keys on them).
    static func tagsValue(_ tags: [String]) -> DBValue {
        var seen = Set<String>()
        return .jsonList(tags.filter { seen.insert($0).inserted })
    }

    public func find(_ tenant: TenantID, _ id: TicketID, on sql: SQLExecutor) async throws -> Ticket? {
        try await self.decode(
            sql.all("SELECT * FROM tickets WHERE tenant_id = \(tenant) AND id = \(id)"), tenant, withDescription: true, on: sql
        )
        .first
    }

    public func list(
        _ tenant: TenantID,
        _ query: TicketListQuery,
        page: PageRequest,
        withDescription: Bool,
        on sql: SQLExecutor
    ) async throws -> Page<Ticket> {
        var statement: SQL = "SELECT * FROM tickets WHERE tenant_id = \(tenant)"
        switch query.filter {
        case nil: statement.append(" AND deleted = 0 AND spam = 0")
        case .spam: statement.append(" AND deleted = 0 AND spam = 1")
        case .deleted: statement.append(" AND deleted = 1")
        case .watching:
            // Watching is not implemented yet: nobody watches anything, so the list is empty (not an error).
            statement.append(" AND 0")
        case .newAndMyOpen(let agent):
            statement.append(
                " AND deleted = 0 AND spam = 0 AND status = 2 AND (responder_id IS NULL OR responder_id = \(agent))"
            )
        }
        if let requesters = query.requesterIDs {
            statement.append(" AND requester_id IN ")
            statement.appendList(requesters.isEmpty ? [.null] : requesters.map { .int($0.rawValue) })
        }
        if let company = query.companyID {
            statement.append(" AND company_id = \(company)")
        }
        if let since = query.updatedSince {
            // Ordered by anything but updated_at, the list walks the order's index and checks updated_at on the way
            // (`+` keeps SQLite from using the updated_at index, which read and sorted every match for each page:
            // a sync asking for everything since last month is most of the table).
            statement.append(query.order == .updatedAt ? " AND updated_at >= \(since)" : " AND +updated_at >= \(since)")
        }
        let direction = query.descending ? "DESC" : "ASC"
        // The id tiebreak keeps paging stable when many rows share a timestamp (tap-freshdesk's bookmarks rely on it).
        statement.append(SQL(raw: " ORDER BY \(query.order.rawValue) \(direction), id \(direction)"))
        statement.append(page.limitClause)
        let fetched = try await self.decode(
            sql.all(statement), tenant, withDescription: withDescription, subjectsOnly: query.subjectsOnly, on: sql)
        return Page(fetched: fetched, request: page)
    }

    public func ids(_ tenant: TenantID, requester: UserID, on sql: SQLExecutor) async throws -> [TicketID] {
        try await sql.all("SELECT id FROM tickets WHERE tenant_id = \(tenant) AND requester_id = \(requester) ORDER BY id").map {
            try $0.id("id")
        }
    }

    public func exportCount(_ tenant: TenantID, _ filter: TicketExportFilter, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) FROM tickets WHERE " + filter.condition(tenant))
    }

    public func exportPage(
        _ tenant: TenantID, _ filter: TicketExportFilter, after: TicketID?, limit: Int, withDescription: Bool, on sql: SQLExecutor
    ) async throws -> [Ticket] {
        var statement: SQL = "SELECT * FROM tickets WHERE " + filter.condition(tenant)
        if let after { statement.append(" AND id > \(after)") }
        statement.append(" ORDER BY id LIMIT \(Int64(limit))")
        return try await self.decode(sql.all(statement), tenant, withDescription: withDescription, on: sql)
    }

    public func search(_ tenant: TenantID, _ search: CompiledSearch, page: PageRequest, on sql: SQLExecutor) async throws
        -> (total: Int64, items: [Ticket])
    {
        let found = try await SearchExecution.run(
            table: "tickets",
            base: "tenant_id = \(tenant) AND deleted = 0 AND spam = 0",
            search: search,
            page: page,
            on: sql,
            decode: { rows -> [(ticket: Ticket, words: Set<String>)] in
                let tickets = try await self.decode(rows, tenant, withDescription: true, on: sql)
                guard search.needsText, !search.isExact else { return tickets.map { ($0, []) } }
                let bodies = try await self.conversations.bodies(tenant, tickets: tickets.map(\.id), on: sql)
                return tickets.map { ticket in
                    var words = TextNormalizer.words(Self.indexedText(ticket))
                    for body in bodies[ticket.id] ?? [] { words.formUnion(TextNormalizer.words(body)) }
                    return (ticket, words)
                }
            },
            verify: { candidate, check in
                switch check {
                case .text(let wanted): return candidate.ticket.unreadable == nil && wanted.isSubset(of: candidate.words)
                case .custom(let name, let type, let op, let value):
                    return candidate.ticket.unreadable == nil
                        && CompiledSearch.matchesCustom(candidate.ticket.customFields, name: name, type: type, op: op, value: value)
                default: return false
                }
            }
        )
        return (found.total, found.items.map(\.ticket))
    }

    /// Permanently removes a requester's tickets (contact hard delete); conversations and tags cascade.
    public func deleteAll(_ tenant: TenantID, requester: UserID, on sql: SQLExecutor) async throws -> Int64 {
        let count = try await sql.scalar(
            "SELECT count(*) AS n FROM tickets WHERE tenant_id = \(tenant) AND requester_id = \(requester)"
        )
        // Secure values' own keys go first (their rows cascade with the tickets; the keystore is another database).
        for id in try await self.ids(tenant, requester: requester, on: sql) {
            try await self.secureValues.destroy(tenant, ticket: id, on: sql)
        }
        try await sql.execute(
            """
            DELETE FROM idx.ticket_terms WHERE tenant_id = \(tenant)
            AND ticket_id IN (SELECT id FROM tickets WHERE tenant_id = \(tenant) AND requester_id = \(requester))
            """
        )
        try await sql.execute("DELETE FROM tickets WHERE tenant_id = \(tenant) AND requester_id = \(requester)")
        return count
    }

    /// Tickets in the tenant's trash since before `cutoff`, oldest first.
    public func trashed(_ tenant: TenantID, before cutoff: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [TicketID] {
        try await sql.all(
            """
            SELECT id FROM tickets WHERE tenant_id = \(tenant) AND deleted = 1 AND deleted_at < \(cutoff)
            ORDER BY deleted_at, id LIMIT \(Int64(limit))
            """
        ).map { TicketID(try $0.int("id")) }
    }

    /// Permanently removes one ticket (trash purge); conversations and tags cascade, its word tokens go with it.
    public func purge(_ tenant: TenantID, _ id: TicketID, on sql: SQLExecutor) async throws {
        try await self.secureValues.destroy(tenant, ticket: id, on: sql)
        try await sql.execute("DELETE FROM idx.ticket_terms WHERE tenant_id = \(tenant) AND ticket_id = \(id)")
        try await sql.execute("DELETE FROM tickets WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func unassign(_ tenant: TenantID, agent: UserID, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE tickets SET responder_id = NULL WHERE tenant_id = \(tenant) AND responder_id = \(agent)")
    }

    public func count(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) AS n FROM tickets WHERE tenant_id = \(tenant)")
    }

    func decode(_ rows: [Row], _ tenant: TenantID, withDescription: Bool, subjectsOnly: Bool = false, on sql: SQLExecutor) async throws
        -> [Ticket]
    {
        try await self.keys.decode(
            rows,
            tenant,
            on: sql,
            scope: { .subject(try $0.int("requester_id")) },
            { row, sealer in
                guard subjectsOnly else { return try self.decode(row, sealer, withDescription: withDescription) }
                var ticket = try self.decodeClear(row, description: "")
                ticket.subject = try sealer.open(row, Self.table, "subject", ticket.id.rawValue)
                return ticket
            },
            unreadable: { row, reason in
                var ticket = try self.decodeClear(row, description: "")
                ticket.unreadable = reason
                return ticket
            }
        )
    }

    func decode(_ row: Row, _ s: Sealer, withDescription: Bool) throws -> Ticket {
        let id = try row.int("id")
        let t = Self.table
        var ticket = try self.decodeClear(row, description: withDescription ? try s.open(row, t, "description", id) ?? "" : "")
        ticket.subject = try s.open(row, t, "subject", id)
        ticket.ccEmails = try s.openList(row, t, "cc_emails", id)
        ticket.fwdEmails = try s.openList(row, t, "fwd_emails", id)
        ticket.replyCCEmails = try s.openList(row, t, "reply_cc_emails", id)
        ticket.ticketCCEmails = try s.openList(row, t, "ticket_cc_emails", id)
        ticket.customFields = try s.openObject(row, t, "custom_fields", id)
        return ticket
    }

    func decodeClear(_ row: Row, description: String) throws -> Ticket {
        var ticket = Ticket(
            tenantID: try row.id("tenant_id"),
            id: try row.id("id"),
            description: description,
            requesterID: try row.id("requester_id"),
            createdAt: try row.timestamp("created_at")
        )
        ticket.status = TicketStatus(rawValue: try row.int("status")) ?? .open
        ticket.priority = TicketPriority(rawValue: try row.int("priority")) ?? .low
        ticket.source = TicketSource(rawValue: try row.int("source")) ?? .portal
        ticket.type = try row.optionalString("ticket_type")
        ticket.responderID = try row.optionalID("responder_id")
        ticket.groupID = try row.optionalID("group_id")
        ticket.companyID = try row.optionalID("company_id")
        ticket.productID = try row.optionalInt("product_id")
        ticket.emailConfigID = try row.optionalInt("email_config_id")
        ticket.tags = try row.stringList("tags")
        ticket.spam = try row.bool("spam")
        ticket.deleted = try row.bool("deleted")
        ticket.deletedAt = try row.optionalTimestamp("deleted_at")
        ticket.frEscalated = try row.bool("fr_escalated")
        ticket.isEscalated = try row.bool("is_escalated")
        ticket.nrEscalated = try row.bool("nr_escalated")
        ticket.dueBy = try row.optionalTimestamp("due_by")
        ticket.frDueBy = try row.optionalTimestamp("fr_due_by")
        ticket.nrDueBy = try row.optionalTimestamp("nr_due_by")
        ticket.sla.policyID = try row.optionalID("sla_policy_id")
        ticket.sla.pausedAt = try row.optionalTimestamp("sla_paused_at")
        ticket.sla.pausedSeconds = try row.int("sla_paused_seconds")
        let manual = try row.int("sla_manual")
        ticket.sla.manualDueBy = manual & 1 != 0
        ticket.sla.manualFrDueBy = manual & 2 != 0
        ticket.sla.notified = try row.int("sla_notified")
        ticket.sla.nextCheck = try row.optionalTimestamp("sla_next_check")
        ticket.stats = TicketStats(
            agentRespondedAt: try row.optionalTimestamp("agent_responded_at"),
            requesterRespondedAt: try row.optionalTimestamp("requester_responded_at"),
            firstRespondedAt: try row.optionalTimestamp("first_responded_at"),
            statusUpdatedAt: try row.optionalTimestamp("status_updated_at"),
            reopenedAt: try row.optionalTimestamp("reopened_at"),
            resolvedAt: try row.optionalTimestamp("resolved_at"),
            closedAt: try row.optionalTimestamp("closed_at"),
            pendingSince: try row.optionalTimestamp("pending_since")
        )
        ticket.updatedAt = try row.timestamp("updated_at")
        return ticket
    }
}
