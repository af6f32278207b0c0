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

    /// A company form as the body `PUT /api/v2/companies/{id}` would take; field problems come back in `fieldErrors`
    /// for the use case to report with its own (as the API does).
    public static func companyChanges(_ body: JSONObject) -> (CompanyChanges, [FieldError]) {
        var fields = BodyFields(body, allowed: CompanyController.fields)
        let changes = CompanyController.changes(&fields)
        return (changes, fields.errors)
    }

    /// The audit log's filters from a query string, checked as `GET /api/v2/audit_log` checks them.
    public static func auditFilter(query: String?) throws -> AuditFilter {
        try AuditLogController.filter(try QueryParameters(query))
    }
}
