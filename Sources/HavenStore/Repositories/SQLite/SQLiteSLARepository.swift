public import HavenCore

public struct SQLiteSLARepository: SLARepository {
    let cache: TenantCache<SLAClock.Setup>

    /// A change to a tenant's hours, policies or groups' hours: the cached setup goes now and again at the commit
    /// (a read that began in between must not store the old state).
    static func changed(_ tenant: TenantID, cache: TenantCache<SLAClock.Setup>, on sql: SQLExecutor) {
        sql.changed(.slaSetup(tenant)) { cache.invalidate(tenant) }
    }

    public func insert(_ hours: BusinessHours, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO business_hours (tenant_id, id, name, description, is_default, time_zone, week, holidays, created_at, updated_at)
            VALUES (\(hours.tenantID), \(hours.id), \(hours.name), \(hours.description), \(hours.isDefault), \(hours.timeZone),
                \(JSONWriter.string(BusinessHoursCoding.week(hours.week))), \(JSONWriter.string(BusinessHoursCoding.holidays(hours.holidays))),
                \(hours.createdAt), \(hours.updatedAt))
            """
        )
        Self.changed(hours.tenantID, cache: self.cache, on: sql)
    }

    public func update(_ hours: BusinessHours, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE business_hours SET name = \(hours.name), description = \(hours.description), is_default = \(hours.isDefault),
                time_zone = \(hours.timeZone), week = \(JSONWriter.string(BusinessHoursCoding.week(hours.week))),
                holidays = \(JSONWriter.string(BusinessHoursCoding.holidays(hours.holidays))), updated_at = \(hours.updatedAt)
            WHERE tenant_id = \(hours.tenantID) AND id = \(hours.id)
            """
        )
        Self.changed(hours.tenantID, cache: self.cache, on: sql)
    }

    public func delete(_ tenant: TenantID, _ id: BusinessHoursID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM business_hours WHERE tenant_id = \(tenant) AND id = \(id)")
        Self.changed(tenant, cache: self.cache, on: sql)
    }

    public func businessHours(_ tenant: TenantID, _ id: BusinessHoursID, on sql: SQLExecutor) async throws -> BusinessHours? {
        try await sql.first("SELECT * FROM business_hours WHERE tenant_id = \(tenant) AND id = \(id)").map(Self.decodeHours)
    }

    public func businessHours(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [BusinessHours] {
        try await sql.all("SELECT * FROM business_hours WHERE tenant_id = \(tenant) ORDER BY is_default DESC, name, id").map(
            Self.decodeHours)
    }

    public func groups(using id: BusinessHoursID, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [GroupID] {
        try await sql.all("SELECT id FROM groups WHERE tenant_id = \(tenant) AND business_hour_id = \(id) ORDER BY id").map {
            try $0.id("id")
        }
    }

    public func insert(_ policy: SLAPolicy, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO sla_policies (tenant_id, id, name, description, active, is_default, position, targets, conditions, escalation,
                created_at, updated_at)
            VALUES (\(policy.tenantID), \(policy.id), \(policy.name), \(policy.description), \(policy.active), \(policy.isDefault),
                \(policy.position), \(JSONWriter.string(SLAPolicyCoding.targets(policy.targets))),
                \(JSONWriter.string(SLAPolicyCoding.conditions(policy.conditions))),
                \(JSONWriter.string(SLAPolicyCoding.escalation(policy.escalation))), \(policy.createdAt), \(policy.updatedAt))
            """
        )
        Self.changed(policy.tenantID, cache: self.cache, on: sql)
    }

    public func update(_ policy: SLAPolicy, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE sla_policies SET name = \(policy.name), description = \(policy.description), active = \(policy.active),
                position = \(policy.position), targets = \(JSONWriter.string(SLAPolicyCoding.targets(policy.targets))),
                conditions = \(JSONWriter.string(SLAPolicyCoding.conditions(policy.conditions))),
                escalation = \(JSONWriter.string(SLAPolicyCoding.escalation(policy.escalation))), updated_at = \(policy.updatedAt)
            WHERE tenant_id = \(policy.tenantID) AND id = \(policy.id)
            """
        )
        Self.changed(policy.tenantID, cache: self.cache, on: sql)
    }

    public func delete(_ tenant: TenantID, _ id: SLAPolicyID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM sla_policies WHERE tenant_id = \(tenant) AND id = \(id)")
        Self.changed(tenant, cache: self.cache, on: sql)
    }

    public func policy(_ tenant: TenantID, _ id: SLAPolicyID, on sql: SQLExecutor) async throws -> SLAPolicy? {
        try await sql.first("SELECT * FROM sla_policies WHERE tenant_id = \(tenant) AND id = \(id)").map(Self.decodePolicy)
    }

    public func policies(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [SLAPolicy] {
        try await sql.all("SELECT * FROM sla_policies WHERE tenant_id = \(tenant) ORDER BY is_default, position, id").map(Self.decodePolicy)
    }

    public func nameTaken(_ name: String, hours: Bool, _ tenant: TenantID, except: Int64?, on sql: SQLExecutor) async throws -> Int64? {
        let table = hours ? SQL(raw: "business_hours") : SQL(raw: "sla_policies")
        let row = try await sql.first("SELECT id FROM " + table + " WHERE tenant_id = \(tenant) AND name = \(name)")
        guard let id = try row?.int("id"), id != except else { return nil }
        return id
    }

    public func cachedSetup(_ tenant: TenantID) -> SLAClock.Setup? {
        self.cache.lookup(tenant).value
    }

    public func setup(_ tenant: TenantID, on sql: SQLExecutor) async throws -> SLAClock.Setup {
        let (cached, generation) = self.cache.lookup(tenant)
        if let cached, !sql.isWriter { return cached }
        let setup = try await self.load(tenant, on: sql)
        guard sql.isWriter else {
            self.cache.store(tenant, setup, ifGeneration: generation)
            return setup
        }
        // Read inside a write: kept only once the transaction committed, and only if no change to the setup was
        // announced since the lookup (a change in this very transaction announced itself first, so its uncommitted
        // state is never kept). Ticket writes, the common case, then find it in memory.
        let cache = self.cache
        sql.transaction?.afterCommit { cache.store(tenant, setup, ifGeneration: generation) }
        return setup
    }

    private func load(_ tenant: TenantID, on sql: SQLExecutor) async throws -> SLAClock.Setup {
        let policies = try await self.policies(tenant, on: sql)
        guard !policies.isEmpty else { return .none }
        let hours = try await self.businessHours(tenant, on: sql)
        var calendars: [BusinessHoursID: BusinessCalendar] = [:]
        for h in hours { calendars[h.id] = h.calendar }
        var groupHours: [GroupID: BusinessHoursID] = [:]
        for row in try await sql.all(
            "SELECT id, business_hour_id FROM groups WHERE tenant_id = \(tenant) AND business_hour_id IS NOT NULL")
        {
            groupHours[try row.id("id")] = try row.id("business_hour_id")
        }
        return SLAClock.Setup(
            policies: policies, calendars: calendars, defaultHours: hours.first(where: \.isDefault)?.id, groupHours: groupHours)
    }

    static func decodeHours(_ row: Row) throws -> BusinessHours {
        var errors: [FieldError] = []
        let week = BusinessHoursCoding.readWeek(try Self.json(row, "week"), path: "week", errors: &errors)
        let holidays = BusinessHoursCoding.readHolidays(try Self.json(row, "holidays"), path: "holidays", errors: &errors)
        if let error = errors.first { throw HavenError.internalFailure("business_hours.\(error.field) is not valid: \(error.message)") }
        var hours = BusinessHours(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), name: try row.string("name"), timeZone: try row.string("time_zone"),
            week: week, at: try row.timestamp("created_at"))
        hours.description = try row.optionalString("description")
        hours.isDefault = try row.bool("is_default")
        hours.holidays = holidays
        hours.updatedAt = try row.timestamp("updated_at")
        return hours
    }

    static func decodePolicy(_ row: Row) throws -> SLAPolicy {
        var errors: [FieldError] = []
        let targets = SLAPolicyCoding.readTargets(try Self.json(row, "targets"), path: "targets", errors: &errors)
        let conditions = SLAPolicyCoding.readConditions(try Self.json(row, "conditions"), path: "conditions", errors: &errors)
        let escalation = SLAPolicyCoding.readEscalation(try Self.json(row, "escalation"), path: "escalation", errors: &errors)
        if let error = errors.first { throw HavenError.internalFailure("sla_policies.\(error.field) is not valid: \(error.message)") }
        var policy = SLAPolicy(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), name: try row.string("name"), position: try row.int("position"),
            targets: targets, at: try row.timestamp("created_at"))
        policy.description = try row.optionalString("description")
        policy.active = try row.bool("active")
        policy.isDefault = try row.bool("is_default")
        policy.conditions = conditions
        policy.escalation = escalation
        policy.updatedAt = try row.timestamp("updated_at")
        return policy
    }

    private static func json(_ row: Row, _ column: String) throws -> JSONValue {
        guard let value = try? JSONParser.parse(try row.string(column)) else {
            throw HavenError.internalFailure("column \(column) is not JSON")
        }
        return value
    }
}
