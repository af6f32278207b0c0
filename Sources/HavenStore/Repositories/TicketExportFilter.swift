public import HavenCore

/// Which tickets a ticket export holds: the tenant's (not in the trash or spam), narrowed by status, priority, group
/// and a time range over their creation or last update; the range is from `from` (inclusive) to `to` (exclusive).
public struct TicketExportFilter: Sendable, Equatable {
    public enum DateField: String, Sendable, CaseIterable {
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public var statuses: [TicketStatus] = []
    public var priorities: [TicketPriority] = []
    public var groupID: GroupID?
    public var dateField: DateField = .createdAt
    public var from: Timestamp?
    public var to: Timestamp?

    public init() {}

    /// The WHERE clause, tenant first.
    func condition(_ tenant: TenantID) -> SQL {
        var statement: SQL = "tenant_id = \(tenant) AND deleted = 0 AND spam = 0"
        if !self.statuses.isEmpty {
            statement.append(" AND status IN ")
            statement.appendList(self.statuses.map { .int($0.rawValue) })
        }
        if !self.priorities.isEmpty {
            statement.append(" AND priority IN ")
            statement.appendList(self.priorities.map { .int($0.rawValue) })
        }
        if let group = self.groupID { statement.append(" AND group_id = \(group)") }
        // `+` keeps SQLite on the primary key: the export walks ids in order and checks the time on the way.
        let column = SQL(raw: " AND +\(self.dateField.rawValue)")
        if let from = self.from {
            statement.append(column)
            statement.append(" >= \(from)")
        }
        if let to = self.to {
            statement.append(column)
            statement.append(" < \(to)")
        }
        return statement
    }
}
