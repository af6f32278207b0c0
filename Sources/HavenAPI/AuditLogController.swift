import HTTPTypes
import HavenApp
import HavenAudit
import HavenCore
import HavenStore

/// `GET /audit_log` (a Haven extension, administrators only): the tenant's audit log, newest first, filtered and
/// paginated like the rest of the API.
struct AuditLogController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [Route(.get, "/audit_log", .viewAuditLog, handler: self.list)]
    }

    static let parameters: Set<String> = [
        "since", "until", "actor", "action", "target_type", "target_id", "page", "per_page",
    ]
    static let actorTypes = ["agent", "contact", "system", "operator", "anonymous"]

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly(Self.parameters)
        let page = try Pagination.request(q)
        let filter = try Self.filter(q)
        let log = AuditLogQueries(self.helpdesk)
        let result = try await log.page(filter, page: page, by: request.principal)
        if result.items.isEmpty, page.page > 1 {
            // The page just after the last is an empty list (clients that stop on a short page ask for it when the
            // count is a multiple of per_page); any further is a mistake worth naming.
            let total = try await log.count(filter, by: request.principal)
            let pages = (total + Int64(page.perPage) - 1) / Int64(page.perPage)
            if Int64(page.page) > pages + 1 {
                throw HavenError.validation([
                    .invalid("page", "The page is past the end: these filters match \(total) entries, \(pages) pages of \(page.perPage)")
                ])
            }
        }
        return Pagination.response(result, request: request, path: "/audit_log") { .object($0.json) }
    }

    static func filter(_ q: QueryParameters) throws -> AuditFilter {
        var filter = AuditFilter()
        var errors: [FieldError] = []
        do { filter.since = try q.timestamp("since") } catch { errors += error.fieldErrors }
        do { filter.until = try q.timestamp("until") } catch { errors += error.fieldErrors }
        if let since = filter.since, let until = filter.until, since > until {
            errors.append(.invalid("until", "It should not be before since"))
        }
        if let actor = q["actor"] {
            if let id = Int64(actor), id > 0, actor.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                filter.actorID = id
            } else if Self.actorTypes.contains(actor) {
                filter.actorType = actor
            } else {
                errors.append(.invalid("actor", "It should be an agent id or one of \(Self.actorTypes.joined(separator: ", "))"))
            }
        }
        if let action = q["action"] {
            if let problem = Self.nameProblem(action.hasSuffix(".*") ? String(action.dropLast(2)) : action) {
                errors.append(.invalid("action", "It \(problem); use an action such as ticket.created, or ticket.* for a family"))
            } else if action.hasSuffix(".*") {
                filter.actionPrefix = String(action.dropLast(1))
            } else {
                filter.action = action
            }
        }
        if let targetType = q["target_type"] {
            if let problem = Self.nameProblem(targetType) {
                errors.append(.invalid("target_type", "It \(problem)"))
            } else {
                filter.targetType = targetType
            }
        }
        if let targetID = q["target_id"] {
            if targetID.isEmpty || targetID.utf8.count > 64 {
                errors.append(.invalid("target_id", "It should be 1 to 64 characters"))
            } else {
                filter.targetID = targetID
            }
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return filter
    }

    /// Actions and target types are lower-case words joined by `.` or `_`.
    static func nameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 64 else { return "should be 1 to 64 characters" }
        guard name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F }) else {
            return "should contain only lower-case letters, '.' and '_'"
        }
        return nil
    }
}
