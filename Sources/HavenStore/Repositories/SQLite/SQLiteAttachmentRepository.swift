import Foundation
public import HavenCore
import HavenCrypto

/// Attachments sealed under the ticket requester's subject key (as the thread is), the bytes as base64 text in the
/// envelope: erasing the requester makes them unreadable everywhere, old copies of the database included.
public struct SQLiteAttachmentRepository: AttachmentRepository {
    let keys: KeyRing
    static let table = "attachments"

    public init(keys: KeyRing) {
        self.keys = keys
    }

    private static let select: SQL = """
        SELECT a.*, t.requester_id AS owner_id FROM attachments a
        JOIN tickets t ON t.tenant_id = a.tenant_id AND t.id = a.ticket_id
        """

    public func insert(_ a: Attachment, data: [UInt8], ticket: Ticket, on sql: SQLExecutor) async throws {
        let s = try await self.keys.sealer(a.tenantID, .subject(ticket.requesterID.rawValue), create: true, on: sql)
        let id = a.id.rawValue
        try await sql.execute(
            """
            INSERT INTO attachments (tenant_id, id, ticket_id, conversation_id, name, content_type, bytes, content, created_at)
            VALUES (\(a.tenantID), \(a.id.rawValue), \(a.ticketID), \(a.conversationID?.rawValue),
                \(try s.seal(a.name, Self.table, "name", id)), \(a.contentType), \(Int64(data.count)),
                \(try s.seal(Data(data).base64EncodedString(), Self.table, "content", id)), \(a.createdAt))
            """)
    }

    public func list(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> [Attachment] {
        let rows = try await sql.all(
            Self.select + " WHERE a.tenant_id = \(tenant) AND a.ticket_id = \(ticket) ORDER BY a.id")
        return try await self.keys.decode(
            rows, tenant, on: sql, scope: { .subject(try $0.int("owner_id")) },
            { row, sealer in try Self.decode(row, name: try sealer.open(row, Self.table, "name", try row.int("id")) ?? "") },
            unreadable: { row, reason in
                var a = try Self.decode(row, name: "")
                a.unreadable = reason
                return a
            })
    }

    public func content(_ tenant: TenantID, _ id: AttachmentID, on sql: SQLExecutor) async throws -> (Attachment, [UInt8])? {
        guard let row = try await sql.first(Self.select + " WHERE a.tenant_id = \(tenant) AND a.id = \(id)") else { return nil }
        let opened = try await self.keys.decode(
            [row], tenant, on: sql, scope: { .subject(try $0.int("owner_id")) },
            { row, sealer -> (Attachment, [UInt8])? in
                let name = try sealer.open(row, Self.table, "name", id.rawValue) ?? ""
                let encoded = try sealer.open(row, Self.table, "content", id.rawValue) ?? ""
                guard let data = Data(base64Encoded: encoded) else { return nil }
                return (try Self.decode(row, name: name), Array(data))
            },
            unreadable: { _, reason in throw HavenError.unreadable(what: "attachment \(id)", reason: reason) })
        guard let result = opened.first ?? nil else {
            throw HavenError.internalFailure("attachment \(id) of tenant \(tenant) does not decode")
        }
        return result
    }

    /// Moves a ticket's files under a new requester's key when the ticket changes hands (as its thread moves).
    func reseal(_ tenant: TenantID, ticket: TicketID, from old: UserID, to new: UserID, on sql: SQLExecutor) async throws {
        let rows = try await sql.all("SELECT * FROM attachments WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)")
        guard !rows.isEmpty else { return }
        let opener = try await self.keys.sealer(tenant, .subject(old.rawValue), on: sql)
        let sealer = try await self.keys.sealer(tenant, .subject(new.rawValue), create: true, on: sql)
        for row in rows {
            let id = try row.int("id")
            try await sql.execute(
                """
                UPDATE attachments SET name = \(try sealer.reseal(row, Self.table, "name", id, openedWith: opener)),
                    content = \(try sealer.reseal(row, Self.table, "content", id, openedWith: opener))
                WHERE tenant_id = \(tenant) AND id = \(id)
                """)
        }
    }

    static func decode(_ row: Row, name: String) throws -> Attachment {
        Attachment(
            tenantID: TenantID(try row.int("tenant_id")), id: AttachmentID(try row.int("id")),
            ticketID: TicketID(try row.int("ticket_id")),
            conversationID: try row.optionalInt("conversation_id").map(ConversationID.init), name: name,
            contentType: try row.string("content_type"), size: try row.int("bytes"), createdAt: try row.timestamp("created_at"))
    }
}
