/// Each tenant's retention rules (`RetentionRules`): no row, or NULL days, is a rule that is off.
enum Migration0017CreateRetentionRules {
    static let migration = Migration(
        version: 17,
        name: "0017_CreateRetentionRules",
        statements: [
            """
            CREATE TABLE retention_rules (
                tenant_id INTEGER NOT NULL PRIMARY KEY REFERENCES tenants(id),
                closed_ticket_days INTEGER,
                inactive_contact_days INTEGER,
                updated_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX tickets_closed ON tickets (tenant_id, status, closed_at)",
        ]
    )
}
