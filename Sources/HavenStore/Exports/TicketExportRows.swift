public import HavenCore

/// The tenant's tickets an export's filter selects, in id order, with their requesters' names and addresses read in
/// the same page.
public struct TicketExportRows {
    public static let fields = [
        "id", "subject", "description", "status", "priority", "source", "type", "requester_id", "requester_name",
        "requester_email", "responder_id", "group_id", "company_id", "tags", "due_by", "created_at", "updated_at",
    ]

    let store: Store
    let tenant: TenantID
    let filter: TicketExportFilter
    /// What the file holds: descriptions and requesters are opened only when asked for.
    let fields: Set<String>

    /// The next tickets after `after` in id order, with their requesters read in the same transaction, and the last
    /// id read.
    func page(after: TicketID?, size: Int) async throws -> ([[String: ExportValue]], Int64?) {
        try await self.store.read { sql in
            let tickets = try await self.store.tickets.exportPage(
                self.tenant, self.filter, after: after, limit: size, withDescription: self.fields.contains("description"), on: sql)
            let requesters =
                self.fields.isDisjoint(with: ["requester_name", "requester_email"])
                ? [:] : try await self.store.contacts.find(self.tenant, ids: Array(Set(tickets.map(\.requesterID))), on: sql)
            return (tickets.map { Self.row($0, requesters[$0.requesterID]) }, tickets.last?.id.rawValue ?? after?.rawValue)
        }
    }

    /// A ticket as an export's JSON holds it (every field).
    public static func object(_ t: Ticket, _ requester: Contact?) -> JSONObject {
        let row = Self.row(t, requester)
        return JSONObject(Self.fields.map { ($0, row[$0]?.json ?? .null) })
    }

    /// A ticket as a line of an export's CSV (every field).
    public static func csvLine(_ t: Ticket, _ requester: Contact?) -> String {
        let row = Self.row(t, requester)
        return CSV.line(Self.fields.map { row[$0]?.text ?? "" })
    }

    static func row(_ t: Ticket, _ requester: Contact?) -> [String: ExportValue] {
        [
            "id": .id(t.id), "subject": .text(t.subject), "description": .text(HTMLText.plainText(t.description)),
            "status": .text(t.status.displayName), "priority": .text(t.priority.displayName),
            "source": .text(t.source.displayName), "type": .text(t.type), "requester_id": .id(t.requesterID),
            "requester_name": .text(requester?.name), "requester_email": .text(requester?.email), "responder_id": .id(t.responderID),
            "group_id": .id(t.groupID), "company_id": .id(t.companyID), "tags": .list(t.tags), "due_by": .time(t.dueBy),
            "created_at": .time(t.createdAt), "updated_at": .time(t.updatedAt),
        ]
    }
}
