public import HavenApp
public import HavenCore
public import HavenStore

/// The API's shape checks for the other channels: a web form's fields, put as the JSON body the API would receive,
/// go through the same rules with the same messages, so a change made in the console is exactly one `/api/v2`
/// would accept (and one it would refuse is refused alike).
public enum ChannelInput {
    public static func contactChanges(_ body: JSONObject) throws -> ContactChanges {
        var fields = BodyFields(body, allowed: ContactController.fields)
        let changes = ContactController.changes(&fields)
        try fields.finish()
        return changes
    }

    public static func ticketChanges(_ body: JSONObject) throws -> TicketChanges {
        var fields = BodyFields(body, allowed: TicketInput.writableFields)
        let changes = TicketInput.changes(&fields)
        try fields.finish()
        return changes
    }

    /// The audit log's filters from a query string, checked as `GET /api/v2/audit_log` checks them.
    public static func auditFilter(query: String?) throws -> AuditFilter {
        try AuditLogController.filter(try QueryParameters(query))
    }
}
