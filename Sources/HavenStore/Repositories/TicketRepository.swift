import HavenCore

public struct TicketRepository: Sendable {
    let protector: any FieldProtector

    public init(protector: any FieldProtector) {
        self.protector = protector
    }

    public struct Query: Sendable {
        public enum Filter: Sendable, Equatable {
            case newAndMyOpen(UserID)
            case watching
            case spam
            case deleted
        }

        public enum Order: String, Sendable, CaseIterable {
            case createdAt = "created_at"
            case dueBy = "due_by"
            case updatedAt = "updated_at"
            case status
        }

        public var filter: Filter?
        public var requesterIDs: [UserID]?
        public var companyID: CompanyID?
        public var updatedSince: Timestamp?
        public var order: Order = .createdAt
        public var descending = true

        public init() {}
    }

    private func context(_ tenant: TenantID, _ id: TicketID, _ column: String) -> FieldContext {
        FieldContext(tenant: tenant, table: "tickets", column: column, rowID: id.rawValue)
    }

    public func insert(_ ticket: Ticket, on sql: SQLExecutor) async throws {
        let t = ticket.tenantID
        let id = ticket.id
        let s = ticket.stats
        try await sql.execute(
            """
            INSERT INTO tickets (tenant_id, id, subject, description, status, priority, source, ticket_type,
                requester_id, responder_id, group_id, company_id, product_id, email_config_id, cc_emails, fwd_emails,
                reply_cc_emails, ticket_cc_emails, custom_fields, tags, spam, deleted, deleted_at, fr_escalated, is_escalated,
                nr_escalated, due_by, fr_due_by, nr_due_by, agent_responded_at, requester_responded_at,
                first_responded_at, status_updated_at, reopened_at, resolved_at, closed_at, pending_since,
                created_at, updated_at)
            VALUES (\(t), \(id), \(try self.protector.seal(ticket.subject, for: self.context(t, id, "subject"))),
                \(try self.protector.seal(ticket.description, for: self.context(t, id, "description"))),
                \(ticket.status.rawValue), \(ticket.priority.rawValue), \(ticket.source.rawValue), \(ticket.type),
                \(ticket.requesterID), \(ticket.responderID), \(ticket.groupID), \(ticket.companyID),
                \(ticket.productID), \(ticket.emailConfigID),
                \(try self.protector.sealList(ticket.ccEmails, for: self.context(t, id, "cc_emails"))),
                \(try self.protector.sealList(ticket.fwdEmails, for: self.context(t, id, "fwd_emails"))),
                \(try self.protector.sealList(ticket.replyCCEmails, for: self.context(t, id, "reply_cc_emails"))),
                \(try self.protector.sealList(ticket.ticketCCEmails, for: self.context(t, id, "ticket_cc_emails"))),
                \(try self.protector.sealObject(ticket.customFields, for: self.context(t, id, "custom_fields"))),
                \(Self.tagsValue(ticket.tags)), \(ticket.spam), \(ticket.deleted), \(ticket.deletedAt), \(ticket.frEscalated), \(ticket.isEscalated),
                \(ticket.nrEscalated), \(ticket.dueBy), \(ticket.frDueBy), \(ticket.nrDueBy), \(s.agentRespondedAt),
                \(s.requesterRespondedAt), \(s.firstRespondedAt), \(s.statusUpdatedAt), \(s.reopenedAt),
                \(s.resolvedAt), \(s.closedAt), \(s.pendingSince), \(ticket.createdAt), \(ticket.updatedAt))
            """
        )
    }

    public func update(_ ticket: Ticket, on sql: SQLExecutor) async throws {
        let t = ticket.tenantID
        let id = ticket.id
        let s = ticket.stats
        try await sql.execute(
            """
            UPDATE tickets SET
                subject = \(try self.protector.seal(ticket.subject, for: self.context(t, id, "subject"))),
                description = \(try self.protector.seal(ticket.description, for: self.context(t, id, "description"))),
                status = \(ticket.status.rawValue), priority = \(ticket.priority.rawValue),
                source = \(ticket.source.rawValue), ticket_type = \(ticket.type), requester_id = \(ticket.requesterID),
                responder_id = \(ticket.responderID), group_id = \(ticket.groupID), company_id = \(ticket.companyID),
                product_id = \(ticket.productID), email_config_id = \(ticket.emailConfigID),
                cc_emails = \(try self.protector.sealList(ticket.ccEmails, for: self.context(t, id, "cc_emails"))),
                fwd_emails = \(try self.protector.sealList(ticket.fwdEmails, for: self.context(t, id, "fwd_emails"))),
                reply_cc_emails = \(try self.protector.sealList(ticket.replyCCEmails, for: self.context(t, id, "reply_cc_emails"))),
                ticket_cc_emails = \(try self.protector.sealList(ticket.ticketCCEmails, for: self.context(t, id, "ticket_cc_emails"))),
                custom_fields = \(try self.protector.sealObject(ticket.customFields, for: self.context(t, id, "custom_fields"))),
                tags = \(Self.tagsValue(ticket.tags)), spam = \(ticket.spam), deleted = \(ticket.deleted), deleted_at = \(ticket.deletedAt),
                fr_escalated = \(ticket.frEscalated), is_escalated = \(ticket.isEscalated),
                nr_escalated = \(ticket.nrEscalated), due_by = \(ticket.dueBy), fr_due_by = \(ticket.frDueBy),
                nr_due_by = \(ticket.nrDueBy), agent_responded_at = \(s.agentRespondedAt),
                requester_responded_at = \(s.requesterRespondedAt), first_responded_at = \(s.firstRespondedAt),
                status_updated_at = \(s.statusUpdatedAt), reopened_at = \(s.reopenedAt), resolved_at = \(s.resolvedAt),
                closed_at = \(s.closedAt), pending_since = \(s.pendingSince), updated_at = \(ticket.updatedAt)
            WHERE tenant_id = \(t) AND id = \(id)
            """
        )
    }

    /// Tags as stored: a JSON array without duplicates (the trigger-maintained `ticket_tags` keys on them).
    static func tagsValue(_ tags: [String]) -> DBValue {
        var seen = Set<String>()
        return .jsonList(tags.filter { seen.insert($0).inserted })
    }

    public func find(_ tenant: TenantID, _ id: TicketID, on sql: SQLExecutor) async throws -> Ticket? {
        guard let row = try await sql.first("SELECT * FROM tickets WHERE tenant_id = \(tenant) AND id = \(id)") else {
            return nil
        }
        return try self.decode(row, withDescription: true)
    }

    public func list(
        _ tenant: TenantID,
        _ query: Query,
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
            statement.append(" AND updated_at >= \(since)")
        }
        let direction = query.descending ? "DESC" : "ASC"
        // The id tiebreak keeps paging stable when many rows share a timestamp (tap-freshdesk's bookmarks rely on it).
        statement.append(SQL(raw: " ORDER BY \(query.order.rawValue) \(direction), id \(direction)"))
        statement.append(page.limitClause)
        let fetched = try await sql.all(statement).map { try self.decode($0, withDescription: withDescription) }
        return Page(fetched: fetched, request: page)
    }

    public func search(_ tenant: TenantID, where condition: SQL, page: PageRequest, on sql: SQLExecutor) async throws
        -> (total: Int64, items: [Ticket])
    {
        let base: SQL = "FROM tickets WHERE tenant_id = \(tenant) AND deleted = 0 AND spam = 0 AND (\(condition))"
        let total = try await sql.scalar("SELECT count(*) AS n " + base)
        let rows = try await sql.all("SELECT * " + base + " ORDER BY created_at DESC, id DESC" + page.limitClause)
        let items = try rows.prefix(page.perPage).map { try self.decode($0, withDescription: true) }
        return (total, items)
    }

    /// Permanently removes a requester's tickets (contact hard delete); conversations and tags cascade.
    public func deleteAll(_ tenant: TenantID, requester: UserID, on sql: SQLExecutor) async throws -> Int64 {
        let count = try await sql.scalar(
            "SELECT count(*) AS n FROM tickets WHERE tenant_id = \(tenant) AND requester_id = \(requester)"
        )
        try await sql.execute("DELETE FROM tickets WHERE tenant_id = \(tenant) AND requester_id = \(requester)")
        return count
    }

    public func unassign(_ tenant: TenantID, agent: UserID, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE tickets SET responder_id = NULL WHERE tenant_id = \(tenant) AND responder_id = \(agent)")
    }

    public func count(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) AS n FROM tickets WHERE tenant_id = \(tenant)")
    }

    func decode(_ row: Row, withDescription: Bool) throws -> Ticket {
        let t: TenantID = try row.id("tenant_id")
        let id: TicketID = try row.id("id")
        var ticket = Ticket(
            tenantID: t,
            id: id,
            description: withDescription
                ? try self.protector.open(row, column: "description", for: self.context(t, id, "description")) ?? ""
                : "",
            requesterID: try row.id("requester_id"),
            createdAt: try row.timestamp("created_at")
        )
        ticket.subject = try self.protector.open(row, column: "subject", for: self.context(t, id, "subject"))
        ticket.status = TicketStatus(rawValue: try row.int("status")) ?? .open
        ticket.priority = TicketPriority(rawValue: try row.int("priority")) ?? .low
        ticket.source = TicketSource(rawValue: try row.int("source")) ?? .portal
        ticket.type = try row.optionalString("ticket_type")
        ticket.responderID = try row.optionalID("responder_id")
        ticket.groupID = try row.optionalID("group_id")
        ticket.companyID = try row.optionalID("company_id")
        ticket.productID = try row.optionalInt("product_id")
        ticket.emailConfigID = try row.optionalInt("email_config_id")
        ticket.ccEmails = try self.protector.openList(row, column: "cc_emails", for: self.context(t, id, "cc_emails"))
        ticket.fwdEmails = try self.protector.openList(row, column: "fwd_emails", for: self.context(t, id, "fwd_emails"))
        ticket.replyCCEmails = try self.protector.openList(row, column: "reply_cc_emails", for: self.context(t, id, "reply_cc_emails"))
        ticket.ticketCCEmails = try self.protector.openList(row, column: "ticket_cc_emails", for: self.context(t, id, "ticket_cc_emails"))
        ticket.customFields = try self.protector.openObject(row, column: "custom_fields", for: self.context(t, id, "custom_fields"))
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
