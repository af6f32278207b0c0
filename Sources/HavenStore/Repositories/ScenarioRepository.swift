public import HavenCore
import HavenCrypto

/// Scenario automations per tenant, their actions sealed under the tenant's data key.
public protocol ScenarioRepository: Sendable {
    func insert(_ scenario: ScenarioAutomation, on sql: SQLExecutor) async throws
    func update(_ scenario: ScenarioAutomation, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: ScenarioID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: ScenarioID, on sql: SQLExecutor) async throws -> ScenarioAutomation?
    /// Every scenario, by name.
    func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [ScenarioAutomation]
    func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> ScenarioID?
}

public struct SQLiteScenarioRepository: ScenarioRepository {
    static let table = "scenario_automations"
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    private func sealedActions(_ s: ScenarioAutomation, on sql: SQLExecutor) async throws -> DBValue {
        try await self.keys.sealer(s.tenantID, .tenant, on: sql).seal(
            JSONWriter.string(.array(s.actions.map(\.json))), Self.table, "actions", s.id.rawValue)
    }

    public func insert(_ s: ScenarioAutomation, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO scenario_automations (tenant_id, id, name, description, actions, created_at, updated_at)
            VALUES (\(s.tenantID), \(s.id), \(s.name), \(s.description), \(try await self.sealedActions(s, on: sql)), \(s.createdAt),
                \(s.updatedAt))
            """
        )
    }

    public func update(_ s: ScenarioAutomation, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE scenario_automations SET name = \(s.name), description = \(s.description),
                actions = \(try await self.sealedActions(s, on: sql)), updated_at = \(s.updatedAt)
            WHERE tenant_id = \(s.tenantID) AND id = \(s.id)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: ScenarioID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM scenario_automations WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func find(_ tenant: TenantID, _ id: ScenarioID, on sql: SQLExecutor) async throws -> ScenarioAutomation? {
        try await self.decode(sql.all("SELECT * FROM scenario_automations WHERE tenant_id = \(tenant) AND id = \(id)"), tenant, on: sql)
            .first
    }

    public func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [ScenarioAutomation] {
        try await self.decode(sql.all("SELECT * FROM scenario_automations WHERE tenant_id = \(tenant) ORDER BY name, id"), tenant, on: sql)
    }

    public func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> ScenarioID? {
        try await sql.first("SELECT id FROM scenario_automations WHERE tenant_id = \(tenant) AND name = \(name)").map { try $0.id("id") }
    }

    private func decode(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [ScenarioAutomation] {
        guard !rows.isEmpty else { return [] }
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        return try rows.map { row in
            let id = try row.int("id")
            var errors: [FieldError] = []
            let stored = try sealer.open(row, Self.table, "actions", id) ?? "[]"
            guard let parsed = try? JSONParser.parse(stored) else {
                throw HavenError.internalFailure("scenario_automations.actions is not JSON")
            }
            let actions = ScenarioAction.read(parsed, errors: &errors)
            if let error = errors.first { throw HavenError.internalFailure("scenario_automations.\(error.field): \(error.message)") }
            var scenario = ScenarioAutomation(
                tenantID: tenant, id: ScenarioID(id), name: try row.string("name"), actions: actions, at: try row.timestamp("created_at"))
            scenario.description = try row.optionalString("description")
            scenario.updatedAt = try row.timestamp("updated_at")
            return scenario
        }
    }
}
