public import HavenCore
import HavenCrypto

/// Replies and notes. Each belongs to its ticket's thread and is sealed under the ticket requester's subject key;
/// the requester is read through the ticket (a join), so the key owner is never stored twice.
public struct SQLiteConversationRepository: ConversationRepository {
    let keys: KeyRing
    static let table = "conversations"
    static let sealedColumns = ["body", "from_email", "to_emails", "cc_emails", "bcc_emails"]

    public init(keys: KeyRing) {
        self.keys = keys
    }

    /// Selects conversations with `owner_id`, the requester whose key seals them.
    private static let select: SQL = """
        SELECT c.*, t.requester_id AS owner_id FROM conversations c
        JOIN tickets t ON t.tenant_id = c.tenant_id AND t.id = c.ticket_id
        """

    private func sealed(_ c: Conversation, owner: UserID, on sql: SQLExecutor) async throws -> [String: DBValue] {
        let s = try await self.keys.sealer(c.tenantID, .subject(owner.rawValue), create: true, on: sql)
        let id = c.id.rawValue
        let t = Self.table
        return [
            "body": try s.seal(c.body, t, "body", id),
            "from_email": try s.seal(c.fromEmail, t, "from_email", id),
            "to_emails": try s.sealList(c.toEmails, t, "to_emails", id),
            "cc_emails": try s.sealList(c.ccEmails, t, "cc_emails", id),
            "bcc_emails": try s.sealList(c.bccEmails, t, "bcc_emails", id),
        ]
    }

    /// Adds a conversation to the thread of `ticket` and its words to the ticket's search terms.
    public func insert(_ c: Conversation, ticket: Ticket, on sql: SQLExecutor) async throws {
        let t = c.tenantID
        let v = try await self.sealed(c, owner: ticket.requesterID, on: sql)
        try await sql.execute(
            """
            INSERT INTO conversations (tenant_id, id, ticket_id, user_id, body, incoming, private, source, category,
                from_email, to_emails, cc_emails, bcc_emails, support_email, created_at, updated_at, last_edited_at,
                last_edited_user_id)
            VALUES (\(t), \(c.id), \(c.ticketID), \(c.userID), \(v["body"]!), \(c.incoming), \(c.isPrivate),
                \(c.source), \(c.category), \(v["from_email"]!), \(v["to_emails"]!), \(v["cc_emails"]!), \(v["bcc_emails"]!),
                \(c.supportEmail), \(c.createdAt), \(c.updatedAt), \(c.lastEditedAt), \(c.lastEditedUserID))
            """
        )
        let index = try await self.keys.indexes(t, on: sql).word
        let words = TextNormalizer.words(HTMLText.plainText(c.body))
        try await IndexTokens.insert(.ticketTerms, t, owner: c.ticketID.rawValue, tokens: Set(words.map(index.token)), on: sql)
    }

    public func updateBody(_ c: Conversation, ticket: Ticket, on sql: SQLExecutor) async throws {
        let s = try await self.keys.sealer(c.tenantID, .subject(ticket.requesterID.rawValue), create: true, on: sql)
        try await sql.execute(
            """
            UPDATE conversations SET body = \(try s.seal(c.body, Self.table, "body", c.id.rawValue)),
                updated_at = \(c.updatedAt), last_edited_at = \(c.lastEditedAt), last_edited_user_id = \(c.lastEditedUserID)
            WHERE tenant_id = \(c.tenantID) AND id = \(c.id)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: ConversationID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM conversations WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func find(_ tenant: TenantID, _ id: ConversationID, on sql: SQLExecutor) async throws -> Conversation? {
        try await self.decode(sql.all(Self.select + " WHERE c.tenant_id = \(tenant) AND c.id = \(id)"), tenant, on: sql).first
    }

    /// A ticket's conversations, oldest first.
    public func list(_ tenant: TenantID, ticket: TicketID, page: PageRequest, on sql: SQLExecutor) async throws
        -> Page<Conversation>
    {
        let rows = try await sql.all(
            Self.select + " WHERE c.tenant_id = \(tenant) AND c.ticket_id = \(ticket) ORDER BY c.created_at, c.id" + page.limitClause
        )
        return Page(fetched: try await self.decode(rows, tenant, on: sql), request: page)
    }

    public func latestID(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> ConversationID? {
        try await sql.first("SELECT max(id) AS id FROM conversations WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)")
            .flatMap { try $0.optionalID("id") }
    }

    /// The decrypted plain-text bodies of the given tickets' conversations (search re-checks and re-indexing).
    func bodies(_ tenant: TenantID, tickets: [TicketID], on sql: SQLExecutor) async throws -> [TicketID: [String]] {
        guard !tickets.isEmpty else { return [:] }
        var statement = Self.select + " WHERE c.tenant_id = \(tenant) AND c.ticket_id IN "
        statement.appendList(Array(Set(tickets)).map { .int($0.rawValue) })
        var result: [TicketID: [String]] = [:]
        for conversation in try await self.decode(sql.all(statement), tenant, on: sql) where conversation.unreadable == nil {
            result[conversation.ticketID, default: []].append(HTMLText.plainText(conversation.body))
        }
        return result
    }

    /// Moves a thread under a new requester's key when the ticket changes hands: each sealed column is opened
    /// with the old owner's key and sealed with the new one, in the caller's transaction.
    func reseal(_ tenant: TenantID, ticket: TicketID, from old: UserID, to new: UserID, on sql: SQLExecutor) async throws {
        let rows = try await sql.all("SELECT * FROM conversations WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)")
        guard !rows.isEmpty else { return }
        let opener = try await self.keys.sealer(tenant, .subject(old.rawValue), on: sql)
        let sealer = try await self.keys.sealer(tenant, .subject(new.rawValue), create: true, on: sql)
        for row in rows {
            let id = try row.int("id")
            var statement: SQL = "UPDATE conversations SET "
            for (offset, column) in Self.sealedColumns.enumerated() {
                if offset > 0 { statement.append(raw: ", ") }
                statement.append(raw: "\(column) = ")
                statement.append(bind: try sealer.reseal(row, Self.table, column, id, openedWith: opener))
            }
            statement.append(" WHERE tenant_id = \(tenant) AND id = \(id)")
            try await sql.execute(statement)
        }
    }

    func decode(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [Conversation] {
        try await self.keys.decode(
            rows,
            tenant,
            on: sql,
            scope: { .subject(try $0.int("owner_id")) },
            { row, sealer in try self.decode(row, sealer) },
            unreadable: { row, reason in
                var c = try self.decodeClear(row, body: "")
                c.unreadable = reason
                return c
            }
        )
    }

    func decode(_ row: Row, _ s: Sealer) throws -> Conversation {
        let id = try row.int("id")
        let t = Self.table
        var c = try self.decodeClear(row, body: try s.open(row, t, "body", id) ?? "")
        c.fromEmail = try s.open(row, t, "from_email", id)
        c.toEmails = try s.openList(row, t, "to_emails", id)
        c.ccEmails = try s.openList(row, t, "cc_emails", id)
        c.bccEmails = try s.openList(row, t, "bcc_emails", id)
        return c
    }

    func decodeClear(_ row: Row, body: String) throws -> Conversation {
        var c = Conversation(
            tenantID: try row.id("tenant_id"),
            id: try row.id("id"),
            ticketID: try row.id("ticket_id"),
            body: body,
            source: try row.int("source"),
            category: try row.int("category"),
            createdAt: try row.timestamp("created_at")
        )
        c.userID = try row.optionalID("user_id")
        c.incoming = try row.bool("incoming")
        c.isPrivate = try row.bool("private")
        c.supportEmail = try row.optionalString("support_email")
        c.updatedAt = try row.timestamp("updated_at")
        c.lastEditedAt = try row.optionalTimestamp("last_edited_at")
        c.lastEditedUserID = try row.optionalID("last_edited_user_id")
        return c
    }
}
