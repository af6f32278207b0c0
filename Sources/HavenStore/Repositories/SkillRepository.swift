public import HavenCore

/// Skills and the agents who have them, per tenant; and the agents' loads that routing weighs.
public protocol SkillRepository: Sendable {
    func insert(_ skill: Skill, on sql: SQLExecutor) async throws
    func update(_ skill: Skill, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: SkillID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: SkillID, on sql: SQLExecutor) async throws -> Skill?
    func find(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> SkillID?
    /// Every skill, by rank then name.
    func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Skill]
    /// The same for routing a new ticket, without a read when the tenant is known to have no skill at all (most
    /// have none, and every ticket create asks, under the tenant's write lock).
    func forRouting(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Skill]
    /// Sets the ranks of these skills (the others keep theirs).
    func setRanks(_ tenant: TenantID, _ ranks: [SkillID: Int64], on sql: SQLExecutor) async throws
    /// How many unresolved tickets (open, pending, waiting on the customer) each of these agents has.
    func load(_ tenant: TenantID, agents: [UserID], on sql: SQLExecutor) async throws -> [UserID: Int64]
}

public struct SQLiteSkillRepository: SkillRepository {
    /// Tenants known to have no skill. Only a new skill makes that untrue, and every skill write announces itself
    /// (`ChangeNotice.skills`), so the entry goes on every node; "has skills" is never kept, it is read each time.
    let withoutSkills: TenantCache<Bool>

    private func changed(_ tenant: TenantID, on sql: SQLExecutor) {
        let cache = self.withoutSkills
        sql.changed(.skills(tenant)) { cache.invalidate(tenant) }
    }

    public func insert(_ skill: Skill, on sql: SQLExecutor) async throws {
        self.changed(skill.tenantID, on: sql)
        try await sql.execute(
            """
            INSERT INTO skills (tenant_id, id, name, rank, match_type, conditions, created_at, updated_at)
            VALUES (\(skill.tenantID), \(skill.id), \(skill.name), \(skill.rank), \(skill.matchType.rawValue),
                \(DBValue.text(JSONWriter.string(Self.conditions(skill.conditions)))), \(skill.createdAt), \(skill.updatedAt))
            """
        )
        try await self.writeAgents(skill, on: sql)
    }

    public func update(_ skill: Skill, on sql: SQLExecutor) async throws {
        self.changed(skill.tenantID, on: sql)
        try await sql.execute(
            """
            UPDATE skills SET name = \(skill.name), rank = \(skill.rank), match_type = \(skill.matchType.rawValue),
                conditions = \(DBValue.text(JSONWriter.string(Self.conditions(skill.conditions)))), updated_at = \(skill.updatedAt)
            WHERE tenant_id = \(skill.tenantID) AND id = \(skill.id)
            """
        )
        try await sql.execute("DELETE FROM skill_agents WHERE tenant_id = \(skill.tenantID) AND skill_id = \(skill.id)")
        try await self.writeAgents(skill, on: sql)
    }

    private func writeAgents(_ skill: Skill, on sql: SQLExecutor) async throws {
        for agent in Set(skill.agentIDs) {
            try await sql.execute(
                "INSERT INTO skill_agents (tenant_id, skill_id, user_id) VALUES (\(skill.tenantID), \(skill.id), \(agent))")
        }
    }

    public func delete(_ tenant: TenantID, _ id: SkillID, on sql: SQLExecutor) async throws {
        self.changed(tenant, on: sql)
        try await sql.execute("DELETE FROM skills WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func find(_ tenant: TenantID, _ id: SkillID, on sql: SQLExecutor) async throws -> Skill? {
        try await self.skills(tenant, only: id, on: sql).first
    }

    public func find(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> SkillID? {
        try await sql.first("SELECT id FROM skills WHERE tenant_id = \(tenant) AND name = \(name)").map { try $0.id("id") }
    }

    public func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Skill] {
        try await self.skills(tenant, only: nil, on: sql)
    }

    public func forRouting(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Skill] {
        let (none, generation) = self.withoutSkills.lookup(tenant)
        if none == true { return [] }
        let skills = try await self.all(tenant, on: sql)
        guard skills.isEmpty else { return skills }
        // Read inside a write: kept once the transaction committed, and only if no skill was announced since the
        // lookup (as the SLA setup's cache does).
        let cache = self.withoutSkills
        if sql.isWriter, let transaction = sql.transaction {
            transaction.afterCommit { cache.store(tenant, true, ifGeneration: generation) }
        } else if !sql.isWriter {
            cache.store(tenant, true, ifGeneration: generation)
        }
        return skills
    }

    private func skills(_ tenant: TenantID, only id: SkillID?, on sql: SQLExecutor) async throws -> [Skill] {
        var statement: SQL = "SELECT * FROM skills WHERE tenant_id = \(tenant)"
        if let id { statement.append(" AND id = \(id)") }
        statement.append(" ORDER BY rank, name, id")
        let rows = try await sql.all(statement)
        guard !rows.isEmpty else { return [] }
        var members: [SkillID: [UserID]] = [:]
        var agents: SQL = "SELECT skill_id, user_id FROM skill_agents WHERE tenant_id = \(tenant)"
        if let id { agents.append(" AND skill_id = \(id)") }
        agents.append(" ORDER BY user_id")
        for row in try await sql.all(agents) { members[try row.id("skill_id"), default: []].append(try row.id("user_id")) }
        return try rows.map { row in
            let id: SkillID = try row.id("id")
            var skill = Skill(
                tenantID: tenant, id: id, name: try row.string("name"), rank: try row.int("rank"),
                matchType: Skill.MatchType(rawValue: try row.string("match_type")) ?? .all,
                conditions: Self.conditions(try StoredJSON.array(try row.optionalString("conditions"), column: "conditions")),
                agentIDs: members[id] ?? [], at: try row.timestamp("created_at"))
            skill.updatedAt = try row.timestamp("updated_at")
            return skill
        }
    }

    public func setRanks(_ tenant: TenantID, _ ranks: [SkillID: Int64], on sql: SQLExecutor) async throws {
        self.changed(tenant, on: sql)
        for (id, rank) in ranks {
            try await sql.execute("UPDATE skills SET rank = \(rank) WHERE tenant_id = \(tenant) AND id = \(id)")
        }
    }

    public func load(_ tenant: TenantID, agents: [UserID], on sql: SQLExecutor) async throws -> [UserID: Int64] {
        guard !agents.isEmpty else { return [:] }
        var statement: SQL = """
            SELECT responder_id, count(*) AS n FROM tickets
            WHERE tenant_id = \(tenant) AND deleted = 0 AND spam = 0 AND status IN (2, 3, 6) AND responder_id IN 
            """
        statement.appendList(agents.map { .int($0.rawValue) })
        statement.append(" GROUP BY responder_id")
        var load: [UserID: Int64] = [:]
        for row in try await sql.all(statement) { load[try row.id("responder_id")] = try row.int("n") }
        return load
    }

    static func conditions(_ conditions: [SkillCondition]) -> JSONValue {
        .array(
            conditions.map {
                [
                    "resource_type": "ticket", "field_name": .string($0.field.rawValue), "operator": .string($0.operatorName),
                    "value": .strings($0.values),
                ]
            })
    }

    static func conditions(_ stored: [JSONValue]) -> [SkillCondition] {
        stored.compactMap { item in
            guard let object = item.objectValue, let field = object["field_name"]?.stringValue.flatMap(SkillCondition.Field.init)
            else { return nil }
            return SkillCondition(
                field: field, negated: object["operator"]?.stringValue == "not_in",
                values: object["value"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }
}
