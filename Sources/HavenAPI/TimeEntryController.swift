import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/time_entries` and `/tickets/{id}/time_entries`: agents' time on tickets, as durations or timers.
struct TimeEntryController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/time_entries", .readHelpdesk, handler: self.listAll),
            Route(.get, "/tickets/:id/time_entries", .readHelpdesk, handler: self.listForTicket),
            Route(.post, "/tickets/:id/time_entries", .workTickets, body: .json, handler: self.create),
            Route(.get, "/time_entries/:id", .readHelpdesk, handler: self.view),
            Route(.put, "/time_entries/:id", .workTickets, body: .json, handler: self.update),
            Route(.put, "/time_entries/:id/toggle_timer", .workTickets, handler: self.toggleTimer),
            Route(.delete, "/time_entries/:id", .workTickets, handler: self.delete),
        ]
    }

    static let fields: Set<String> = ["agent_id", "billable", "executed_at", "note", "start_time", "time_spent", "timer_running"]

    static func changes(_ fields: inout BodyFields) -> TimeEntryChanges {
        var changes = TimeEntryChanges()
        changes.agentID = fields.id("agent_id") ?? nil
        changes.billable = fields.boolean("billable")
        changes.executedAt = fields.timestamp("executed_at") ?? nil
        changes.note = fields.string("note", maxLength: 10_000)
        changes.startTime = fields.timestamp("start_time") ?? nil
        changes.timerRunning = fields.boolean("timer_running")
        if let text = fields.string("time_spent", maxLength: 16) ?? nil {
            if let seconds = TimeEntry.parse(timeSpent: text) {
                changes.timeSpent = seconds
            } else {
                fields.fail(.invalid("time_spent", "It should be in the hh:mm format, like 01:30"))
            }
        }
        return changes
    }

    static func render(_ e: TimeEntry, at now: Timestamp) -> JSONValue {
        var object = JSONObject([
            ("id", .id(e.id)), ("billable", .bool(e.billable)), ("note", .optional(e.note)),
            ("timer_running", .bool(e.timerRunning)), ("agent_id", .id(e.agentID)), ("ticket_id", .id(e.ticketID)),
            ("time_spent", .string(TimeEntry.format(seconds: e.secondsSpent(at: now)))), ("executed_at", .timestamp(e.executedAt)),
            ("start_time", .timestamp(e.startTime)), ("created_at", .timestamp(e.createdAt)), ("updated_at", .timestamp(e.updatedAt)),
        ])
        if let reason = e.unreadable { object.append("content_unavailable", .string(reason.rawValue)) }
        return .object(object)
    }

    @Sendable func listAll(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly(["company_id", "agent_id", "executed_after", "executed_before", "billable", "page", "per_page"])
        let page = try Pagination.request(q)
        var filter = TimeEntryFilter()
        filter.companyID = try q.integer("company_id", range: 1...Int64.max).map { CompanyID($0) }
        filter.agentID = try q.integer("agent_id", range: 1...Int64.max).map { UserID($0) }
        filter.executedAfter = try q.timestamp("executed_after")
        filter.executedBefore = try q.timestamp("executed_before")
        filter.billable = try q.boolean("billable")
        let entries = try await TimeEntryQueries(self.helpdesk).list(filter, page: page, by: request.principal)
        return Pagination.response(entries, request: request, path: "/time_entries") { Self.render($0, at: request.now) }
    }

    @Sendable func listForTicket(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let page = try Pagination.request(request.query)
        var filter = TimeEntryFilter()
        let ticketID: TicketID = try request.id()
        filter.ticketID = ticketID
        let entries = try await TimeEntryQueries(self.helpdesk).list(filter, page: page, by: request.principal)
        return Pagination.response(entries, request: request, path: "/tickets/\(ticketID)/time_entries") {
            Self.render($0, at: request.now)
        }
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        let changes = Self.changes(&fields)
        try fields.finish()
        let entry = try await CreateTimeEntry(self.helpdesk)(changes, on: try request.id(), by: request.principal)
        return .created(Self.render(entry, at: request.now), location: "\(request.baseURL)/api/v2/time_entries/\(entry.id)")
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(Self.render(try await TimeEntryQueries(self.helpdesk).view(try request.id(), by: request.principal), at: request.now))
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        let changes = Self.changes(&fields)
        try fields.finish()
        let entry = try await UpdateTimeEntry(self.helpdesk)(try request.id(), changes, by: request.principal)
        return .ok(Self.render(entry, at: request.now))
    }

    @Sendable func toggleTimer(_ request: APIRequest) async throws -> APIResponse {
        let entry = try await ToggleTimeEntryTimer(self.helpdesk)(try request.id(), by: request.principal)
        return .ok(Self.render(entry, at: request.now))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await DeleteTimeEntry(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }
}
