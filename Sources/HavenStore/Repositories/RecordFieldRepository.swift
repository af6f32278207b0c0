public import HavenCore

/// Contacts' and companies' custom field definitions, per tenant.
public protocol RecordFieldRepository: Sendable {
    func insert(_ field: RecordField, on sql: SQLExecutor) async throws
    func update(_ field: RecordField, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: RecordFieldID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: RecordFieldID, entity: RecordField.Entity, on sql: SQLExecutor) async throws -> RecordField?
    /// A kind's fields in form order.
    func all(_ tenant: TenantID, entity: RecordField.Entity, on sql: SQLExecutor) async throws -> [RecordField]
}

public struct SQLiteRecordFieldRepository: RecordFieldRepository {
    public init() {}

    public func insert(_ field: RecordField, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO record_fields (tenant_id, id, entity, name, label, label_for_customers, type, position, required_for_agents,
                required_for_customers, customers_can_edit, displayed_for_customers, editable_in_signup, choices, created_at, updated_at)
            VALUES (\(field.tenantID), \(field.id), \(field.entity.rawValue), \(field.name), \(field.label), \(field.labelForCustomers),
                \(field.type.rawValue), \(field.position), \(field.requiredForAgents), \(field.requiredForCustomers),
                \(field.customersCanEdit), \(field.displayedForCustomers), \(field.editableInSignup), \(DBValue.jsonList(field.choices)),
                \(field.createdAt), \(field.updatedAt))
            """
        )
    }

    public func update(_ field: RecordField, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE record_fields SET label = \(field.label), label_for_customers = \(field.labelForCustomers), position = \(field.position),
                required_for_agents = \(field.requiredForAgents), required_for_customers = \(field.requiredForCustomers),
                customers_can_edit = \(field.customersCanEdit), displayed_for_customers = \(field.displayedForCustomers),
                editable_in_signup = \(field.editableInSignup), choices = \(DBValue.jsonList(field.choices)), updated_at = \(field.updatedAt)
            WHERE tenant_id = \(field.tenantID) AND id = \(field.id)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: RecordFieldID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM record_fields WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func find(_ tenant: TenantID, _ id: RecordFieldID, entity: RecordField.Entity, on sql: SQLExecutor) async throws
        -> RecordField?
    {
        try await sql.first(
            "SELECT * FROM record_fields WHERE tenant_id = \(tenant) AND id = \(id) AND entity = \(entity.rawValue)"
        ).map(Self.decode)
    }

    public func all(_ tenant: TenantID, entity: RecordField.Entity, on sql: SQLExecutor) async throws -> [RecordField] {
        try await sql.all(
            "SELECT * FROM record_fields WHERE tenant_id = \(tenant) AND entity = \(entity.rawValue) ORDER BY position, id"
        ).map(Self.decode)
    }

    static func decode(_ row: Row) throws -> RecordField {
        let typeName = try row.string("type")
        guard let type = TicketField.CustomType(rawValue: typeName), let entity = RecordField.Entity(rawValue: try row.string("entity"))
        else { throw HavenError.internalFailure("record_fields row of unknown type \(typeName)") }
        var field = RecordField(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), entity: entity, name: try row.string("name"),
            label: try row.string("label"), type: type, position: try row.int("position"), at: try row.timestamp("created_at"))
        field.labelForCustomers = try row.string("label_for_customers")
        field.requiredForAgents = try row.bool("required_for_agents")
        field.requiredForCustomers = try row.bool("required_for_customers")
        field.customersCanEdit = try row.bool("customers_can_edit")
        field.displayedForCustomers = try row.bool("displayed_for_customers")
        field.editableInSignup = try row.bool("editable_in_signup")
        field.choices = try row.stringList("choices")
        field.updatedAt = try row.timestamp("updated_at")
        return field
    }
}
