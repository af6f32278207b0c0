import HavenCore
import HavenStore

/// `/agents`: list, view, me, create, update, delete (an agent turned back into a contact).
struct AgentController: Sendable {
    let store: Store

    var routes: [Route] {
        [
            Route(.get, "/agents", .readHelpdesk, handler: self.list),
            Route(.get, "/agents/me", .readHelpdesk, handler: self.me),
            Route(.get, "/agents/:id", .readHelpdesk, handler: self.view),
            Route(.post, "/agents", .manageAgents, body: .json, handler: self.create),
            Route(.put, "/agents/:id", .manageAgents, body: .json, handler: self.update),
            Route(.delete, "/agents/:id", .manageAgents, handler: self.delete),
        ]
    }

    struct Settings {
        var occasional: Bool?
        var signature: String??
        var ticketScope: Int64?
        var groupIDs: [GroupID]?
        var roleIDs: [RoleID]?
        var type: String?
        var focusMode: Bool?
    }

    static func readSettings(_ fields: inout BodyFields) -> Settings {
        let settings = Settings(
            occasional: fields.boolean("occasional"),
            signature: fields.string("signature", maxLength: 10_000),
            ticketScope: fields.nonNullInteger("ticket_scope", allowed: Agent.ticketScopes),
            groupIDs: fields.idArray("group_ids"),
            roleIDs: fields.idArray("role_ids"),
            type: fields.nonNullString("type"),
            focusMode: fields.boolean("focus_mode")
        )
        if let type = settings.type, !Agent.types.contains(type) {
            fields.fail(.notOneOf("type", Agent.types))
        }
        if let skills = fields.idArray("skill_ids") as [Identifier<GroupKind>]?, !skills.isEmpty {
            fields.fail(.invalid("skill_ids", "Skills are not supported; send an empty list"))
        }
        return settings
    }

    /// Applies settings, checking that groups and the (single) role exist in this tenant.
    static func apply(
        _ settings: Settings,
        to agent: inout Agent,
        roles: [Role],
        store: Store,
        request: APIRequest,
        on sql: SQLExecutor
    ) async throws {
        var errors: [FieldError] = []
        if let roleIDs = settings.roleIDs {
            let matching = roles.filter { roleIDs.contains($0.id) }
            if roleIDs.count != 1 || matching.count != 1 {
                errors.append(
                    .invalid(
                        "role_ids",
                        "It should contain exactly one of the role ids \(roles.map { String($0.id.rawValue) }.joined(separator: ","))"))
            } else {
                agent.role = matching[0].key
            }
        }
        if let groups = settings.groupIDs {
            for group in groups where try await !store.groups.exists(request.tenantID, group, on: sql) {
                errors.append(.invalid("group_ids", "There is no group with id \(group)"))
                break
            }
            agent.groupIDs = groups
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        if let occasional = settings.occasional { agent.occasional = occasional }
        if let signature = settings.signature { agent.signature = signature }
        if let scope = settings.ticketScope { agent.ticketScope = scope }
        if let type = settings.type { agent.type = type }
        if let focus = settings.focusMode { agent.focusMode = focus }
    }

    static func roleIDs(_ agent: Agent, _ roles: [Role]) -> [RoleID] {
        roles.filter { $0.key == agent.role }.map(\.id)
    }

    private func render(_ profile: AgentProfile, request: APIRequest) async throws -> JSONValue {
        let roles = try await self.store.read { sql in try await self.store.roles.all(request.tenantID, on: sql) }
        return .object(Presenters.agent(profile, roleIDs: Self.roleIDs(profile.agent, roles)))
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly(["email", "mobile", "phone", "state", "page", "per_page"])
        let page = try Pagination.request(q)
        var filter = AgentRepository.Filter()
        filter.email = q["email"]
        filter.mobile = q["mobile"]
        filter.phone = q["phone"]
        switch q["state"] {
        case nil: break
        case "fulltime": filter.occasional = false
        case "occasional": filter.occasional = true
        default: throw HavenError.validation([.notOneOf("state", ["fulltime", "occasional"])])
        }
        let (agents, roles) = try await self.store.read { sql in
            (
                try await self.store.agents.list(request.tenantID, filter, page: page, on: sql),
                try await self.store.roles.all(request.tenantID, on: sql)
            )
        }
        return Pagination.response(agents, request: request, path: "/agents") {
            .object(Presenters.agent($0, roleIDs: Self.roleIDs($0.agent, roles)))
        }
    }

    @Sendable func me(_ request: APIRequest) async throws -> APIResponse {
        try await self.show(request.agentID, request)
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try await self.show(try request.id(), request)
    }

    private func show(_ id: UserID, _ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        guard let profile = try await self.store.read({ sql in try await self.store.agents.find(request.tenantID, id, on: sql) })
        else { throw HavenError.notFound }
        return .ok(try await self.render(profile, request: request))
    }

    static let contactFields: Set<String> = ["email", "name", "phone", "mobile", "job_title", "language", "time_zone"]
    static let settingFields: Set<String> = [
        "occasional", "signature", "ticket_scope", "skill_ids", "group_ids", "role_ids", "type", "focus_mode",
    ]

    /// The user-record fields an agent request may carry; absent fields leave the record alone.
    struct ProfileInput {
        var email: String??
        var name: String?
        var phone: String??
        var mobile: String??
        var jobTitle: String??
        var language: String?
        var timeZone: String??

        func apply(to contact: inout Contact) {
            if let email = self.email ?? nil { contact.email = email }
            if let name = self.name { contact.name = name }
            if let phone = self.phone { contact.phone = phone }
            if let mobile = self.mobile { contact.mobile = mobile }
            if let jobTitle = self.jobTitle { contact.jobTitle = jobTitle }
            if let language = self.language { contact.language = language }
            if let timeZone = self.timeZone { contact.timeZone = timeZone }
        }
    }

    static func readProfile(_ fields: inout BodyFields) -> ProfileInput {
        ProfileInput(
            email: fields.email("email"),
            name: fields.nonNullString("name"),
            phone: fields.string("phone"),
            mobile: fields.string("mobile"),
            jobTitle: fields.string("job_title"),
            language: fields.nonNullString("language", maxLength: 10),
            timeZone: fields.string("time_zone", maxLength: 100)
        )
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.contactFields.union(Self.settingFields))
        fields.require("email")
        fields.require("ticket_scope")
        let profileInput = Self.readProfile(&fields)
        let email = profileInput.email
        let settings = Self.readSettings(&fields)
        try fields.finish()
        guard let email = email ?? nil else { throw HavenError.validation([.missing("email")]) }
        let profile = try await self.store.write { sql -> AgentProfile in
            if let owner = try await self.store.contacts.userID(email: email, request.tenantID, on: sql) {
                throw HavenError.conflict([ContactController.duplicate("email", "It should be a unique value", owner)])
            }
            let id = UserID(try await IDSequences.next("users", on: sql))
            var contact = Contact(
                tenantID: request.tenantID,
                id: id,
                name: profileInput.name ?? String(email.split(separator: "@")[0]),
                createdAt: request.now
            )
            profileInput.apply(to: &contact)
            contact.isAgent = true
            contact.active = true
            var agent = Agent(tenantID: request.tenantID, id: id, role: .agent, createdAt: request.now)
            let roles = try await self.store.roles.all(request.tenantID, on: sql)
            try await Self.apply(settings, to: &agent, roles: roles, store: self.store, request: request, on: sql)
            try await self.store.contacts.insert(contact, on: sql)
            try await self.store.agents.insert(agent, on: sql)
            let profile = AgentProfile(agent: agent, contact: contact)
            try await self.store.audit.record(
                request.event(
                    "agent.created", "agent", id, before: nil,
                    after: Presenters.agent(profile, roleIDs: Self.roleIDs(agent, roles)), revealing: AuditedFields.agent),
                on: sql)
            return profile
        }
        return .created(try await self.render(profile, request: request), location: "\(request.baseURL)/api/v2/agents/\(profile.agent.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.contactFields.union(Self.settingFields))
        let profileInput = Self.readProfile(&fields)
        let email = profileInput.email
        let settings = Self.readSettings(&fields)
        if case .some(.none) = email { fields.fail(.invalid("email", "An agent must have an e-mail address")) }
        try fields.finish()
        let id: UserID = try request.id()
        let profile = try await self.store.write { sql -> AgentProfile in
            guard var profile = try await self.store.agents.find(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            if let newEmail = email ?? nil,
                let owner = try await self.store.contacts.userID(email: newEmail, request.tenantID, on: sql), owner != id
            {
                throw HavenError.conflict([ContactController.duplicate("email", "It should be a unique value", owner)])
            }
            let roles = try await self.store.roles.all(request.tenantID, on: sql)
            let previous = profile
            let wasAdmin = profile.agent.role == .admin
            try await Self.apply(settings, to: &profile.agent, roles: roles, store: self.store, request: request, on: sql)
            if wasAdmin, profile.agent.role != .admin, try await self.store.agents.countAdmins(request.tenantID, on: sql) <= 1 {
                throw HavenError.validation([
                    FieldError(
                        field: "role_ids", message: "The last administrator cannot lose the administrator role", code: .inconsistentState)
                ])
            }
            profileInput.apply(to: &profile.contact)
            profile.contact.updatedAt = request.now
            profile.agent.updatedAt = request.now
            try await self.store.contacts.update(profile.contact, on: sql)
            try await self.store.agents.update(profile.agent, on: sql)
            // A change of role is its own action: the one an auditor looks for first.
            let action = previous.agent.role == profile.agent.role ? "agent.updated" : "agent.role_changed"
            try await self.store.audit.record(
                request.event(
                    action, "agent", id, before: Presenters.agent(previous, roleIDs: Self.roleIDs(previous.agent, roles)),
                    after: Presenters.agent(profile, roleIDs: Self.roleIDs(profile.agent, roles)), revealing: AuditedFields.agent),
                on: sql)
            return profile
        }
        return .ok(try await self.render(profile, request: request))
    }

    /// The agent becomes a plain contact again: its agent row and API keys go, its tickets are unassigned.
    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let id: UserID = try request.id()
        try await self.store.write { sql in
            guard var profile = try await self.store.agents.find(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            guard id != request.agentID else {
                throw HavenError.validation([
                    FieldError(field: "id", message: "You cannot delete yourself", code: .inconsistentState)
                ])
            }
            if profile.agent.role == .admin, try await self.store.agents.countAdmins(request.tenantID, on: sql) <= 1 {
                throw HavenError.validation([
                    FieldError(field: "id", message: "The last administrator cannot be deleted", code: .inconsistentState)
                ])
            }
            try await self.store.apiKeys.revokeAll(request.tenantID, agent: id, at: request.now, on: sql)
            try await self.store.tickets.unassign(request.tenantID, agent: id, on: sql)
            try await self.store.agents.delete(request.tenantID, id, on: sql)
            profile.contact.isAgent = false
            profile.contact.updatedAt = request.now
            try await self.store.contacts.update(profile.contact, on: sql)
            try await self.store.audit.record(request.event("agent.deleted", "agent", id, details: ["api_keys_revoked": true]), on: sql)
        }
        return .noContent
    }
}
