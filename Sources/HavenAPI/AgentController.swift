import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/agents`: list, view, me, create, update, delete (an agent turned back into a contact).
struct AgentController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/agents", .readHelpdesk, handler: self.list),
            Route(.get, "/agents/me", .readHelpdesk, handler: self.me),
            Route(.get, "/agents/autocomplete", .readHelpdesk, handler: self.autocomplete),
            Route(.get, "/agents/:id", .readHelpdesk, handler: self.view),
            Route(.post, "/agents", .manageAgents, body: .json, handler: self.create),
            Route(.put, "/agents/:id", .manageAgents, body: .json, handler: self.update),
            Route(.delete, "/agents/:id", .manageAgents, handler: self.delete),
        ]
    }

    static let contactFields: Set<String> = ["email", "name", "phone", "mobile", "job_title", "language", "time_zone"]
    static let settingFields: Set<String> = [
        "occasional", "signature", "ticket_scope", "skill_ids", "group_ids", "role_ids", "type", "focus_mode",
    ]

    static func readSettings(_ fields: inout BodyFields) -> AgentSettings {
        var settings = AgentSettings()
        settings.occasional = fields.boolean("occasional")
        settings.signature = fields.string("signature", maxLength: 10_000)
        settings.ticketScope = fields.nonNullInteger("ticket_scope", allowed: Agent.ticketScopes)
        settings.groupIDs = fields.idArray("group_ids")
        settings.roleIDs = fields.idArray("role_ids")
        settings.type = fields.nonNullString("type")
        settings.focusMode = fields.boolean("focus_mode")
        if let type = settings.type, !Agent.types.contains(type) {
            fields.fail(.notOneOf("type", Agent.types))
        }
        settings.skillIDs = fields.idArray("skill_ids")
        return settings
    }

    static func readProfile(_ fields: inout BodyFields) -> AgentProfileChanges {
        var profile = AgentProfileChanges()
        profile.email = fields.email("email")
        profile.name = fields.nonNullString("name")
        profile.phone = fields.string("phone")
        profile.mobile = fields.string("mobile")
        profile.jobTitle = fields.string("job_title")
        profile.language = fields.nonNullString("language", maxLength: 10)
        profile.timeZone = fields.string("time_zone", maxLength: 100)
        return profile
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly(["email", "mobile", "phone", "state", "page", "per_page"])
        let page = try Pagination.request(q)
        var filter = AgentFilter()
        filter.email = q["email"]
        filter.mobile = q["mobile"]
        filter.phone = q["phone"]
        switch q["state"] {
        case nil: break
        case "fulltime": filter.occasional = false
        case "occasional": filter.occasional = true
        default: throw HavenError.validation([.notOneOf("state", ["fulltime", "occasional"])])
        }
        let agents = try await AgentQueries(self.helpdesk).list(filter, page: page, by: request.principal)
        return Pagination.response(agents, request: request, path: "/agents") { .object(Presenters.agent($0)) }
    }

    @Sendable func me(_ request: APIRequest) async throws -> APIResponse {
        try await self.show(request.agentID, request)
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try await self.show(try request.id(), request)
    }

    private func show(_ id: UserID, _ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Presenters.agent(try await AgentQueries(self.helpdesk).view(id, by: request.principal))))
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.contactFields.union(Self.settingFields))
        fields.require("email")
        fields.require("ticket_scope")
        let profile = Self.readProfile(&fields)
        let settings = Self.readSettings(&fields)
        try fields.finish()
        guard let email = profile.email ?? nil else { throw HavenError.validation([.missing("email")]) }
        let created = try await CreateAgent(self.helpdesk)(email: email, profile, settings, by: request.principal)
        return .created(
            .object(Presenters.agent(created)), location: "\(request.baseURL)/api/v2/agents/\(created.profile.agent.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.contactFields.union(Self.settingFields))
        let profile = Self.readProfile(&fields)
        let settings = Self.readSettings(&fields)
        if case .some(.none) = profile.email { fields.fail(.invalid("email", "An agent must have an e-mail address")) }
        try fields.finish()
        let updated = try await UpdateAgent(self.helpdesk)(try request.id(), profile, settings, by: request.principal)
        return .ok(.object(Presenters.agent(updated)))
    }

    /// The agent becomes a plain contact again: its agent row and API keys go, its tickets are unassigned.
    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await DeleteAgent(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }

    /// `GET /agents/autocomplete?term=` — agents whose name or e-mail starts with the term: id, name, e-mail.
    @Sendable func autocomplete(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["term"])
        guard let term = request.query["term"]?.trimmingWhitespace(), !term.isEmpty else {
            throw HavenError.validation([.missing("term")])
        }
        let agents = try await AgentQueries(self.helpdesk).autocomplete(term, by: request.principal)
        return .ok(
            .array(
                agents.map {
                    .object(
                        JSONObject([("id", .id($0.contact.id)), ("name", .string($0.contact.name)), ("email", .optional($0.contact.email))])
                    )
                }))
    }
}
