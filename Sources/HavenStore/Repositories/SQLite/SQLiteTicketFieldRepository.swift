public import HavenCore

public struct SQLiteTicketFieldRepository: TicketFieldRepository {
    let cache: TicketFieldCache

    /// A change to a tenant's definitions in the transaction `sql` belongs to: forgotten now, and by every node
    /// once it commits (`ChangeNotice.ticketFields`).
    private func changed(_ tenant: TenantID, on sql: SQLExecutor) {
        let cache = self.cache
        sql.changed(.ticketFields(tenant)) { cache.invalidate(tenant) }
    }

    /// The built-in fields every tenant's ticket form starts with, in form order.
    static let defaults: [(name: String, label: String, type: String, choices: [String])] = [
        ("requester", "Search a requester", "default_requester", []),
        ("subject", "Subject", "default_subject", []),
        ("ticket_type", "Type", "default_ticket_type", TicketTypes.defaults),
        ("source", "Source", "default_source", ["Email", "Portal", "Phone", "Chat", "Feedback Widget", "Outbound Email"]),
        ("status", "Status", "default_status", ["Open", "Pending", "Resolved", "Closed", "Waiting on Customer"]),
        ("priority", "Priority", "default_priority", ["Low", "Medium", "High", "Urgent"]),
        ("group", "Group", "default_group", []),
        ("agent", "Agent", "default_agent", []),
        ("product", "Product", "default_product", []),
        ("description", "Description", "default_description", []),
        ("company", "Company", "default_company", []),
    ]

    public func seed(_ tenant: TenantID, at now: Timestamp, on sql: SQLExecutor) async throws {
        for (position, field) in Self.defaults.enumerated() {
            var record = TicketField(
                tenantID: tenant,
                id: TicketFieldID(try await IDSequences.next("ticket_fields", on: sql)),
                name: field.name,
                label: field.label,
                type: field.type,
                position: Int64(position + 1),
                isDefault: true,
                createdAt: now
            )
            record.choices = field.choices
            record.requiredForAgents = ["requester", "subject", "status", "priority"].contains(field.name)
            record.requiredForCustomers = ["requester", "subject", "description"].contains(field.name)
            record.displayedToCustomers = ["requester", "subject", "ticket_type", "status", "description"].contains(field.name)
            record.customersCanEdit = ["requester", "subject", "description"].contains(field.name)
            try await self.insert(record, on: sql)
        }
    }

    public func insert(_ field: TicketField, on sql: SQLExecutor) async throws {
        self.changed(field.tenantID, on: sql)
        try await sql.execute(
            """
            INSERT INTO ticket_fields (tenant_id, id, name, label, description, field_type, position, is_default,
                required_for_closure, required_for_agents, required_for_customers, customers_can_edit,
                displayed_to_customers, label_for_customers, choices, created_at, updated_at)
            VALUES (\(field.tenantID), \(field.id), \(field.name), \(field.label), \(field.description), \(field.type),
                \(field.position), \(field.isDefault), \(field.requiredForClosure), \(field.requiredForAgents),
                \(field.requiredForCustomers), \(field.customersCanEdit), \(field.displayedToCustomers),
                \(field.labelForCustomers), \(DBValue.jsonList(field.choices)), \(field.createdAt), \(field.updatedAt))
            """
        )
    }

    public func update(_ field: TicketField, on sql: SQLExecutor) async throws {
        self.changed(field.tenantID, on: sql)
        try await sql.execute(
            """
            UPDATE ticket_fields SET label = \(field.label), description = \(field.description),
                position = \(field.position), required_for_closure = \(field.requiredForClosure),
                required_for_agents = \(field.requiredForAgents), required_for_customers = \(field.requiredForCustomers),
                customers_can_edit = \(field.customersCanEdit), displayed_to_customers = \(field.displayedToCustomers),
                label_for_customers = \(field.labelForCustomers), choices = \(DBValue.jsonList(field.choices)),
                updated_at = \(field.updatedAt)
            WHERE tenant_id = \(field.tenantID) AND id = \(field.id)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: TicketFieldID, on sql: SQLExecutor) async throws {
        self.changed(tenant, on: sql)
        try await sql.execute("DELETE FROM ticket_fields WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    /// The tenant's fields if this process holds them in memory (and they are fresh), without a database read.
    public func cached(_ tenant: TenantID) -> [TicketField]? {
        self.cache.lookup(tenant).value
    }

    /// The tenant's fields in form order. Reads on a reader connection go through the cache; reads inside a write
    /// transaction see that transaction's own state and are never cached.
    public func all(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [TicketField] {
        guard !sql.isWriter else { return try await self.load(tenant, on: sql) }
        let (cached, generation) = self.cache.lookup(tenant)
        if let cached { return cached }
        let fields = try await self.load(tenant, on: sql)
        self.cache.store(tenant, fields, ifGeneration: generation)
        return fields
    }

    private func load(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [TicketField] {
        try await sql.all("SELECT * FROM ticket_fields WHERE tenant_id = \(tenant) ORDER BY position, id").map(self.decode)
    }

    public func find(_ tenant: TenantID, _ id: TicketFieldID, on sql: SQLExecutor) async throws -> TicketField? {
        try await sql.first("SELECT * FROM ticket_fields WHERE tenant_id = \(tenant) AND id = \(id)").map(self.decode)
    }

    /// The tenant's custom fields by name: what `custom_fields` in a ticket may carry.
    public func customFields(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [String: TicketField] {
        let fields = try await self.all(tenant, on: sql).filter { !$0.isDefault }
        return Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func nextPosition(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT coalesce(max(position), 0) + 1 AS n FROM ticket_fields WHERE tenant_id = \(tenant)")
    }

    func decode(_ row: Row) throws -> TicketField {
        var field = TicketField(
            tenantID: try row.id("tenant_id"),
            id: try row.id("id"),
            name: try row.string("name"),
            label: try row.string("label"),
            type: try row.string("field_type"),
            position: try row.int("position"),
            isDefault: try row.bool("is_default"),
            createdAt: try row.timestamp("created_at")
        )
        field.description = try row.optionalString("description")
        field.requiredForClosure = try row.bool("required_for_closure")
        field.requiredForAgents = try row.bool("required_for_agents")
        field.requiredForCustomers = try row.bool("required_for_customers")
        field.customersCanEdit = try row.bool("customers_can_edit")
        field.displayedToCustomers = try row.bool("displayed_to_customers")
        field.labelForCustomers = try row.string("label_for_customers")
        field.choices = try row.stringList("choices")
        field.updatedAt = try row.timestamp("updated_at")
        return field
    }
}
