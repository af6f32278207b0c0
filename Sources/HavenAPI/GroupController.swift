import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/groups` and `/roles`.
struct GroupController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/groups", .readHelpdesk, handler: self.list),
            Route(.get, "/groups/:id", .readHelpdesk, handler: self.view),
            Route(.post, "/groups", .manageGroups, body: .json, handler: self.create),
            Route(.put, "/groups/:id", .manageGroups, body: .json, handler: self.update),
            Route(.delete, "/groups/:id", .manageGroups, handler: self.delete),
            Route(.get, "/roles", .readHelpdesk, handler: self.roles),
            Route(.get, "/roles/:id", .readHelpdesk, handler: self.role),
        ]
    }

    static let fields: Set<String> = [
        "name", "description", "agent_ids", "auto_ticket_assign", "escalate_to", "unassigned_for", "business_hour_id",
    ]

    static func changes(_ fields: inout BodyFields) -> GroupChanges {
        var changes = GroupChanges()
        changes.name = fields.nonNullString("name")
        changes.description = fields.string("description", maxLength: 10_000)
        changes.agentIDs = fields.idArray("agent_ids")
        changes.autoTicketAssign = fields.nonNullInteger("auto_ticket_assign", allowed: AgentGroup.autoAssignValues)
        changes.escalateTo = fields.id("escalate_to")
        changes.unassignedFor = fields.string("unassigned_for")
        changes.businessHourID = fields.integer("business_hour_id", positive: true)
        return changes
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        fields.require("name")
        let changes = Self.changes(&fields)
        let group = try await CreateGroup(self.helpdesk)(changes, fieldErrors: fields.errors, by: request.principal)
        return .created(.object(Presenters.group(group)), location: "\(request.baseURL)/api/v2/groups/\(group.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        let changes = Self.changes(&fields)
        let group = try await UpdateGroup(self.helpdesk)(try request.id(), changes, fieldErrors: fields.errors, by: request.principal)
        return .ok(.object(Presenters.group(group)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await DeleteGroup(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let page = try Pagination.request(request.query)
        let groups = try await AgentQueries(self.helpdesk).groups(page: page, by: request.principal)
        return Pagination.response(groups, request: request, path: "/groups") { .object(Presenters.group($0)) }
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Presenters.group(try await AgentQueries(self.helpdesk).group(try request.id(), by: request.principal))))
    }

    /// Roles are not paginated; `page` and `per_page` are accepted and ignored (tap-freshdesk sends them).
    @Sendable func roles(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let roles = try await AgentQueries(self.helpdesk).roles(by: request.principal)
        return .ok(.array(roles.map { .object(Presenters.role($0)) }))
    }

    @Sendable func role(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Presenters.role(try await AgentQueries(self.helpdesk).role(try request.id(), by: request.principal))))
    }
}
