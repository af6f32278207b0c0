public import HavenCore

public struct SQLiteGroupRepository: GroupRepository {
    /// A group's business hours are part of the tenant's SLA setup.
    let slaCache: TenantCache<SLAClock.Setup>

    public func insert(_ group: AgentGroup, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO groups (tenant_id, id, name, description, escalate_to, unassigned_for, business_hour_id,
                auto_ticket_assign, created_at, updated_at)
            VALUES (\(group.tenantID), \(group.id), \(group.name), \(group.description), \(group.escalateTo),
                \(group.unassignedFor), \(group.businessHourID), \(group.autoTicketAssign), \(group.createdAt),
                \(group.updatedAt))
            """
        )
        try await self.writeMembers(group, on: sql)
        SQLiteSLARepository.changed(group.tenantID, cache: self.slaCache, on: sql)
    }

    public func update(_ group: AgentGroup, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE groups SET name = \(group.name), description = \(group.description),
                escalate_to = \(group.escalateTo), unassigned_for = \(group.unassignedFor),
                business_hour_id = \(group.businessHourID), auto_ticket_assign = \(group.autoTicketAssign),
                updated_at = \(group.updatedAt)
            WHERE tenant_id = \(group.tenantID) AND id = \(group.id)
            """
        )
        try await sql.execute("DELETE FROM group_agents WHERE tenant_id = \(group.tenantID) AND group_id = \(group.id)")
        try await self.writeMembers(group, on: sql)
        SQLiteSLARepository.changed(group.tenantID, cache: self.slaCache, on: sql)
    }

    private func writeMembers(_ group: AgentGroup, on sql: SQLExecutor) async throws {
        for agent in Set(group.agentIDs) {
            try await sql.execute(
                "INSERT INTO group_agents (tenant_id, group_id, user_id) VALUES (\(group.tenantID), \(group.id), \(agent))"
            )
        }
    }

    /// Deleting a group unassigns its tickets; memberships cascade.
    public func delete(_ tenant: TenantID, _ id: GroupID, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE tickets SET group_id = NULL WHERE tenant_id = \(tenant) AND group_id = \(id)")
        try await sql.execute("DELETE FROM groups WHERE tenant_id = \(tenant) AND id = \(id)")
        SQLiteSLARepository.changed(tenant, cache: self.slaCache, on: sql)
    }

    public func find(_ tenant: TenantID, _ id: GroupID, on sql: SQLExecutor) async throws -> AgentGroup? {
        guard let row = try await sql.first("SELECT * FROM groups WHERE tenant_id = \(tenant) AND id = \(id)") else {
            return nil
        }
        var group = try self.decode(row)
        group.agentIDs = try await self.members(tenant, [id], on: sql)[id] ?? []
        return group
    }

    public func exists(_ tenant: TenantID, _ id: GroupID, on sql: SQLExecutor) async throws -> Bool {
        try await sql.first("SELECT 1 AS x FROM groups WHERE tenant_id = \(tenant) AND id = \(id)") != nil
    }

    public func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> GroupID? {
        try await sql.first("SELECT id FROM groups WHERE tenant_id = \(tenant) AND name = \(name)").map { try $0.id("id") }
    }

    public func list(_ tenant: TenantID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<AgentGroup> {
        let rows = try await sql.all("SELECT * FROM groups WHERE tenant_id = \(tenant) ORDER BY id" + page.limitClause)
        var groups = try rows.map(self.decode)
        let members = try await self.members(tenant, groups.map(\.id), on: sql)
        for index in groups.indices {
            groups[index].agentIDs = members[groups[index].id] ?? []
        }
        return Page(fetched: groups, request: page)
    }

    private func members(_ tenant: TenantID, _ groups: [GroupID], on sql: SQLExecutor) async throws -> [GroupID: [UserID]] {
        guard !groups.isEmpty else { return [:] }
        var statement: SQL = "SELECT group_id, user_id FROM group_agents WHERE tenant_id = \(tenant) AND group_id IN "
        statement.appendList(groups.map { .int($0.rawValue) })
        statement.append(" ORDER BY user_id")
        var result: [GroupID: [UserID]] = [:]
        for row in try await sql.all(statement) {
            result[try row.id("group_id"), default: []].append(try row.id("user_id"))
        }
        return result
    }

    func decode(_ row: Row) throws -> AgentGroup {
        var group = AgentGroup(
            tenantID: try row.id("tenant_id"),
            id: try row.id("id"),
            name: try row.string("name"),
            createdAt: try row.timestamp("created_at")
        )
        group.description = try row.optionalString("description")
        group.escalateTo = try row.optionalID("escalate_to")
        group.unassignedFor = try row.optionalString("unassigned_for")
        group.businessHourID = try row.optionalInt("business_hour_id")
        group.autoTicketAssign = try row.int("auto_ticket_assign")
        group.updatedAt = try row.timestamp("updated_at")
        return group
    }
}
