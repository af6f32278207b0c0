public import HavenCore

/// What an export was asked for, as its job's payload keeps it: the kind, the fields in the file's column order, the
/// format and (tickets) which tickets. `Exports.request` validates it; the job and `haven export` read it back.
public struct ExportSpec: Sendable, Equatable {
    public var kind: ExportKind
    /// In the order of `kind.fields`, whatever order they were asked in.
    public var fields: [String]
    public var json: Bool
    public var tickets = TicketExportFilter()

    public init(kind: ExportKind, fields: [String], json: Bool, tickets: TicketExportFilter = TicketExportFilter()) {
        self.kind = kind
        let wanted = Set(fields)
        self.fields = kind.fields.filter { wanted.contains($0) }
        self.json = json
        self.tickets = tickets
    }

    public var format: String { self.json ? "json" : "csv" }
    public var contentType: String { self.json ? "application/json" : "text/csv; charset=utf-8" }

    public func filename(at now: Timestamp) -> String {
        "\(self.kind.rawValue)-\(now.iso8601.prefix(10)).\(self.format)"
    }

    public var payload: JSONObject {
        var payload: JSONObject = ["fields": .strings(self.fields), "format": .string(self.format)]
        guard self.kind == .tickets else { return payload }
        let t = self.tickets
        var filter = JSONObject()
        if !t.statuses.isEmpty { filter.append("status", .array(t.statuses.map { .int($0.rawValue) })) }
        if !t.priorities.isEmpty { filter.append("priority", .array(t.priorities.map { .int($0.rawValue) })) }
        if let group = t.groupID { filter.append("group_id", .id(group)) }
        if t.from != nil || t.to != nil {
            filter.append("date_field", .string(t.dateField.rawValue))
            if let from = t.from { filter.append("from", .timestamp(from)) }
            if let to = t.to { filter.append("to", .timestamp(to)) }
        }
        if !filter.isEmpty { payload.append("filter", .object(filter)) }
        return payload
    }

    /// Reads a job's payload back (jobs queued before filters existed carry `updated_since`).
    public init(kind: ExportKind, payload: JSONObject) {
        var tickets = TicketExportFilter()
        if let since = payload["updated_since"]?.stringValue.flatMap(TimestampParser.parse) {
            tickets.dateField = .updatedAt
            tickets.from = since
        }
        if let filter = payload["filter"]?.objectValue {
            tickets.statuses = (filter["status"]?.arrayValue ?? []).compactMap { $0.intValue.flatMap(TicketStatus.init) }
            tickets.priorities = (filter["priority"]?.arrayValue ?? []).compactMap { $0.intValue.flatMap(TicketPriority.init) }
            tickets.groupID = filter["group_id"]?.intValue.map(GroupID.init)
            tickets.dateField = filter["date_field"]?.stringValue.flatMap(TicketExportFilter.DateField.init) ?? .createdAt
            tickets.from = filter["from"]?.stringValue.flatMap(TimestampParser.parse)
            tickets.to = filter["to"]?.stringValue.flatMap(TimestampParser.parse)
        }
        self.init(
            kind: kind, fields: (payload["fields"]?.arrayValue ?? []).compactMap(\.stringValue),
            json: payload["format"]?.stringValue == "json", tickets: tickets)
    }
}
