import HavenCore
import HavenStore

/// `/groups` and `/roles`.
struct GroupController: Sendable {
    let store: Store

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

    private func edit(_ group: inout AgentGroup, _ fields: inout BodyFields, request: APIRequest, on sql: SQLExecutor) async throws {
        let name = fields.nonNullString("name")
        let description = fields.string("description", maxLength: 10_000)
        let agentIDs: [UserID]? = fields.idArray("agent_ids")
        let autoAssign = fields.nonNullInteger("auto_ticket_assign", allowed: AgentGroup.autoAssignValues)
        let escalateTo: UserID?? = fields.id("escalate_to")
        let unassignedFor = fields.string("unassigned_for")
        let businessHour = fields.integer("business_hour_id", positive: true)
        if let value = unassignedFor ?? nil, !AgentGroup.unassignedForValues.contains(value) {
            fields.fail(.notOneOf("unassigned_for", AgentGroup.unassignedForValues))
        }
        for agent in (agentIDs ?? []) + [escalateTo ?? nil].compactMap({ $0 })
        where try await !self.store.agents.exists(request.tenantID, agent, on: sql) {
            fields.fail(.invalid(agentIDs?.contains(agent) == true ? "agent_ids" : "escalate_to", "There is no agent with id \(agent)"))
        }
        if let name = name?.trimmingWhitespace(),
            let existing = try await self.store.groups.id(named: name, request.tenantID, on: sql), existing != group.id
        {
            throw HavenError.conflict([FieldError(field: "name", message: "It should be a unique value", code: .duplicateValue)])
        }
        try fields.finish()
        if let name { group.name = name.trimmingWhitespace() }
        if let description { group.description = description }
        if let agentIDs { group.agentIDs = agentIDs }
        if let autoAssign { group.autoTicketAssign = autoAssign }
        if let escalateTo { group.escalateTo = escalateTo }
        if let unassignedFor { group.unassignedFor = unassignedFor }
        if let businessHour { group.businessHourID = businessHour }
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        fields.require("name")
        let group = try await self.store.write { sql -> AgentGroup in
            var group = AgentGroup(tenantID: request.tenantID, id: GroupID(0), name: "", createdAt: request.now)
            try await self.edit(&group, &fields, request: request, on: sql)
            group.id = GroupID(try await IDSequences.next("groups", on: sql))
            try await self.store.groups.insert(group, on: sql)
            try await self.store.audit.record(
                request.event(
                    "group.created", "group", group.id, before: nil, after: Presenters.group(group),
                    revealing: AuditedFields.group),
                on: sql)
            return group
        }
        return .created(.object(Presenters.group(group)), location: "\(request.baseURL)/api/v2/groups/\(group.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        let id: GroupID = try request.id()
        let group = try await self.store.write { sql -> AgentGroup in
            guard var group = try await self.store.groups.find(request.tenantID, id, on: sql) else { throw HavenError.notFound }
            let previous = group
            try await self.edit(&group, &fields, request: request, on: sql)
            group.updatedAt = request.now
            try await self.store.groups.update(group, on: sql)
            try await self.store.audit.record(
                request.event(
                    "group.updated", "group", id, before: Presenters.group(previous), after: Presenters.group(group),
                    revealing: AuditedFields.group),
                on: sql)
            return group
        }
        return .ok(.object(Presenters.group(group)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let id: GroupID = try request.id()
        try await self.store.write { sql in
            guard try await self.store.groups.exists(request.tenantID, id, on: sql) else { throw HavenError.notFound }
            try await self.store.groups.delete(request.tenantID, id, on: sql)
            try await self.store.audit.record(request.event("group.deleted", "group", id), on: sql)
        }
        return .noContent
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let page = try Pagination.request(request.query)
        let groups = try await self.store.read { sql in try await self.store.groups.list(request.tenantID, page: page, on: sql) }
        return Pagination.response(groups, request: request, path: "/groups") { .object(Presenters.group($0)) }
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let id: GroupID = try request.id()
        guard let group = try await self.store.read({ sql in try await self.store.groups.find(request.tenantID, id, on: sql) })
        else { throw HavenError.notFound }
        return .ok(.object(Presenters.group(group)))
    }

    /// Roles are not paginated; `page` and `per_page` are accepted and ignored (tap-freshdesk sends them).
    @Sendable func roles(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let roles = try await self.store.read { sql in try await self.store.roles.all(request.tenantID, on: sql) }
        return .ok(.array(roles.map { .object(Presenters.role($0)) }))
    }

    @Sendable func role(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let id: RoleID = try request.id()
        guard let role = try await self.store.read({ sql in try await self.store.roles.find(request.tenantID, id, on: sql) })
        else { throw HavenError.notFound }
        return .ok(.object(Presenters.role(role)))
    }
}
