public import HavenCore
import HavenCrypto

public struct SQLiteAgentRepository: AgentRepository {
    let keys: KeyRing
    let contacts: SQLiteContactRepository

    let credentials: CredentialCache

    public init(keys: KeyRing, contacts: SQLiteContactRepository, credentials: CredentialCache) {
        self.credentials = credentials
        self.keys = keys
        self.contacts = contacts
    }

    /// The signature is the agent's own words: sealed under the agent's subject key, like their user row.
    private func sealedSignature(_ agent: Agent, on sql: SQLExecutor) async throws -> DBValue {
        try await self.keys.sealer(agent.tenantID, .subject(agent.id.rawValue), create: true, on: sql)
            .seal(agent.signature, "agents", "signature", agent.id.rawValue)
    }

    /// Writes the agent row for an existing user row (which the caller has marked `is_agent`).
    public func insert(_ agent: Agent, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO agents (tenant_id, user_id, role, occasional, signature, ticket_scope, agent_type, available,
                available_since, focus_mode, last_active_at, created_at, updated_at)
            VALUES (\(agent.tenantID), \(agent.id), \(agent.role.rawValue), \(agent.occasional),
                \(try await self.sealedSignature(agent, on: sql)),
                \(agent.ticketScope), \(agent.type), \(agent.available), \(agent.availableSince), \(agent.focusMode),
                \(agent.lastActiveAt), \(agent.createdAt), \(agent.updatedAt))
            """
        )
        try await self.writeGroups(agent, on: sql)
        try await self.writeSkills(agent, on: sql)
    }

    public func update(_ agent: Agent, on sql: SQLExecutor) async throws {
        self.credentials.credentialsChanged(on: sql)
        try await sql.execute(
            """
            UPDATE agents SET role = \(agent.role.rawValue), occasional = \(agent.occasional),
                signature = \(try await self.sealedSignature(agent, on: sql)),
                ticket_scope = \(agent.ticketScope), agent_type = \(agent.type), available = \(agent.available),
                available_since = \(agent.availableSince), focus_mode = \(agent.focusMode),
                last_active_at = \(agent.lastActiveAt), updated_at = \(agent.updatedAt)
            WHERE tenant_id = \(agent.tenantID) AND user_id = \(agent.id)
            """
        )
        try await sql.execute("DELETE FROM group_agents WHERE tenant_id = \(agent.tenantID) AND user_id = \(agent.id)")
        try await self.writeGroups(agent, on: sql)
        try await sql.execute("DELETE FROM skill_agents WHERE tenant_id = \(agent.tenantID) AND user_id = \(agent.id)")
        try await self.writeSkills(agent, on: sql)
    }

    private func writeSkills(_ agent: Agent, on sql: SQLExecutor) async throws {
        for skill in Set(agent.skillIDs) {
            try await sql.execute(
                "INSERT INTO skill_agents (tenant_id, skill_id, user_id) VALUES (\(agent.tenantID), \(skill), \(agent.id))"
            )
        }
    }

    private func writeGroups(_ agent: Agent, on sql: SQLExecutor) async throws {
        for group in Set(agent.groupIDs) {
            try await sql.execute(
                "INSERT INTO group_agents (tenant_id, group_id, user_id) VALUES (\(agent.tenantID), \(group), \(agent.id))"
            )
        }
    }

    public func delete(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws {
        self.credentials.credentialsChanged(on: sql)
        try await sql.execute("DELETE FROM agents WHERE tenant_id = \(tenant) AND user_id = \(id)")
    }

    public func find(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> AgentProfile? {
        guard let row = try await sql.first("SELECT * FROM agents WHERE tenant_id = \(tenant) AND user_id = \(id)"),
            let contact = try await self.contacts.find(tenant, id, on: sql)
        else { return nil }
        guard var agent = try await self.decode([row], tenant, on: sql).first else { return nil }
        agent.groupIDs = try await self.groupIDs(tenant, [id], on: sql)[id] ?? []
        agent.skillIDs = try await self.skillIDs(tenant, [id], on: sql)[id] ?? []
        return AgentProfile(agent: agent, contact: contact)
    }

    public func exists(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Bool {
        try await sql.first("SELECT 1 AS x FROM agents WHERE tenant_id = \(tenant) AND user_id = \(id)") != nil
    }

    public func countAdmins(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) AS n FROM agents WHERE tenant_id = \(tenant) AND role = 'admin'")
    }

    public func counts(_ tenant: TenantID, on sql: SQLExecutor) async throws -> (fullTime: Int64, occasional: Int64) {
        let fullTime = try await sql.scalar(
            "SELECT count(*) AS n FROM agents WHERE tenant_id = \(tenant) AND occasional = 0"
        )
        let occasional = try await sql.scalar(
            "SELECT count(*) AS n FROM agents WHERE tenant_id = \(tenant) AND occasional = 1"
        )
        return (fullTime, occasional)
    }

    public func list(_ tenant: TenantID, _ filter: AgentFilter, page: PageRequest, on sql: SQLExecutor) async throws
        -> Page<AgentProfile>
    {
        var statement: SQL = """
            SELECT a.* FROM agents a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
            WHERE a.tenant_id = \(tenant)
            """
        var ids: Set<UserID>?
        func narrow(_ found: [UserID]) {
            ids = ids.map { $0.intersection(found) } ?? Set(found)
        }
        if let email = filter.email { narrow(try await self.contacts.userIDs(email: email, tenant, on: sql)) }
        if let phone = filter.phone { narrow(try await self.contacts.userIDs(phone: phone, field: .phone, tenant, on: sql)) }
        if let mobile = filter.mobile { narrow(try await self.contacts.userIDs(phone: mobile, field: .mobile, tenant, on: sql)) }
        if let ids {
            statement.append(" AND a.user_id IN ")
            statement.appendList(ids.isEmpty ? [.null] : ids.map { .int($0.rawValue) })
        }
        if let occasional = filter.occasional {
            statement.append(" AND a.occasional = \(occasional)")
        }
        statement.append(" ORDER BY a.user_id")
        statement.append(page.limitClause)
        let rows = try await sql.all(statement)
        let agents = try await self.decode(rows, tenant, on: sql)
        let agentIDs = agents.map(\.id)
        let users = try await self.contacts.find(tenant, ids: agentIDs, on: sql)
        let groups = try await self.groupIDs(tenant, agentIDs, on: sql)
        let skills = try await self.skillIDs(tenant, agentIDs, on: sql)
        let profiles = agents.compactMap { agent -> AgentProfile? in
            guard let contact = users[agent.id] else { return nil }
            var agent = agent
            agent.groupIDs = groups[agent.id] ?? []
            agent.skillIDs = skills[agent.id] ?? []
            return AgentProfile(agent: agent, contact: contact)
        }
        return Page(fetched: profiles, request: page)
    }

    func skillIDs(_ tenant: TenantID, _ agents: [UserID], on sql: SQLExecutor) async throws -> [UserID: [SkillID]] {
        guard !agents.isEmpty else { return [:] }
        var statement: SQL = "SELECT skill_id, user_id FROM skill_agents WHERE tenant_id = \(tenant) AND user_id IN "
        statement.appendList(agents.map { .int($0.rawValue) })
        statement.append(" ORDER BY skill_id")
        var result: [UserID: [SkillID]] = [:]
        for row in try await sql.all(statement) {
            result[try row.id("user_id"), default: []].append(try row.id("skill_id"))
        }
        return result
    }

    func groupIDs(_ tenant: TenantID, _ agents: [UserID], on sql: SQLExecutor) async throws -> [UserID: [GroupID]] {
        guard !agents.isEmpty else { return [:] }
        var statement: SQL = "SELECT group_id, user_id FROM group_agents WHERE tenant_id = \(tenant) AND user_id IN "
        statement.appendList(agents.map { .int($0.rawValue) })
        statement.append(" ORDER BY group_id")
        var result: [UserID: [GroupID]] = [:]
        for row in try await sql.all(statement) {
            result[try row.id("user_id"), default: []].append(try row.id("group_id"))
        }
        return result
    }

    func decode(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [Agent] {
        try await self.keys.decode(
            rows,
            tenant,
            on: sql,
            scope: { .subject(try $0.int("user_id")) },
            { row, sealer in try self.decode(row, signature: sealer.open(row, "agents", "signature", try row.int("user_id"))) },
            unreadable: { row, _ in try self.decode(row, signature: nil) }
        )
    }

    func decode(_ row: Row, signature: String?) throws -> Agent {
        let t: TenantID = try row.id("tenant_id")
        let id: UserID = try row.id("user_id")
        var agent = Agent(
            tenantID: t,
            id: id,
            role: AgentRole(rawValue: try row.string("role")) ?? .agent,
            createdAt: try row.timestamp("created_at")
        )
        agent.occasional = try row.bool("occasional")
        agent.signature = signature
        agent.ticketScope = try row.int("ticket_scope")
        agent.type = try row.string("agent_type")
        agent.available = try row.bool("available")
        agent.availableSince = try row.optionalTimestamp("available_since")
        agent.focusMode = try row.bool("focus_mode")
        agent.lastActiveAt = try row.optionalTimestamp("last_active_at")
        agent.updatedAt = try row.timestamp("updated_at")
        return agent
    }
}
