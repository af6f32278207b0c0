import HavenCore

public struct ConversationRepository: Sendable {
    let protector: any FieldProtector

    public init(protector: any FieldProtector) {
        self.protector = protector
    }

    private func context(_ tenant: TenantID, _ id: ConversationID, _ column: String) -> FieldContext {
        FieldContext(tenant: tenant, table: "conversations", column: column, rowID: id.rawValue)
    }

    public func insert(_ c: Conversation, on sql: SQLExecutor) async throws {
        let t = c.tenantID
        try await sql.execute(
            """
            INSERT INTO conversations (tenant_id, id, ticket_id, user_id, body, incoming, private, source, category,
                from_email, to_emails, cc_emails, bcc_emails, support_email, created_at, updated_at, last_edited_at,
                last_edited_user_id)
            VALUES (\(t), \(c.id), \(c.ticketID), \(c.userID),
                \(try self.protector.seal(c.body, for: self.context(t, c.id, "body"))), \(c.incoming), \(c.isPrivate),
                \(c.source), \(c.category), \(try self.protector.seal(c.fromEmail, for: self.context(t, c.id, "from_email"))),
                \(try self.protector.sealList(c.toEmails, for: self.context(t, c.id, "to_emails"))),
                \(try self.protector.sealList(c.ccEmails, for: self.context(t, c.id, "cc_emails"))),
                \(try self.protector.sealList(c.bccEmails, for: self.context(t, c.id, "bcc_emails"))),
                \(c.supportEmail), \(c.createdAt), \(c.updatedAt), \(c.lastEditedAt), \(c.lastEditedUserID))
            """
        )
    }

    public func updateBody(_ c: Conversation, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE conversations SET body = \(try self.protector.seal(c.body, for: self.context(c.tenantID, c.id, "body"))),
                updated_at = \(c.updatedAt), last_edited_at = \(c.lastEditedAt), last_edited_user_id = \(c.lastEditedUserID)
            WHERE tenant_id = \(c.tenantID) AND id = \(c.id)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: ConversationID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM conversations WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func find(_ tenant: TenantID, _ id: ConversationID, on sql: SQLExecutor) async throws -> Conversation? {
        try await sql.first("SELECT * FROM conversations WHERE tenant_id = \(tenant) AND id = \(id)").map(self.decode)
    }

    /// A ticket's conversations, oldest first.
    public func list(_ tenant: TenantID, ticket: TicketID, page: PageRequest, on sql: SQLExecutor) async throws
        -> Page<Conversation>
    {
        let rows = try await sql.all(
            """
            SELECT * FROM conversations WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)
            ORDER BY created_at, id
            """ + page.limitClause
        )
        return Page(fetched: try rows.map(self.decode), request: page)
    }

    func decode(_ row: Row) throws -> Conversation {
        let t: TenantID = try row.id("tenant_id")
        let id: ConversationID = try row.id("id")
        var c = Conversation(
            tenantID: t,
            id: id,
            ticketID: try row.id("ticket_id"),
            body: try self.protector.open(row, column: "body", for: self.context(t, id, "body")) ?? "",
            source: try row.int("source"),
            category: try row.int("category"),
            createdAt: try row.timestamp("created_at")
        )
        c.userID = try row.optionalID("user_id")
        c.incoming = try row.bool("incoming")
        c.isPrivate = try row.bool("private")
        c.fromEmail = try self.protector.open(row, column: "from_email", for: self.context(t, id, "from_email"))
        c.toEmails = try self.protector.openList(row, column: "to_emails", for: self.context(t, id, "to_emails"))
        c.ccEmails = try self.protector.openList(row, column: "cc_emails", for: self.context(t, id, "cc_emails"))
        c.bccEmails = try self.protector.openList(row, column: "bcc_emails", for: self.context(t, id, "bcc_emails"))
        c.supportEmail = try row.optionalString("support_email")
        c.updatedAt = try row.timestamp("updated_at")
        c.lastEditedAt = try row.optionalTimestamp("last_edited_at")
        c.lastEditedUserID = try row.optionalID("last_edited_user_id")
        return c
    }
}
