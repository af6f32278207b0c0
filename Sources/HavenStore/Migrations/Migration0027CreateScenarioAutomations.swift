/// Scenario automations: a name in clear (the team's own label, like a group's), the actions sealed under the tenant's
/// data key (a note may quote a customer's case, as a canned response may).
enum Migration0027CreateScenarioAutomations {
    static let migration = Migration(
        version: 27,
        name: "0027_CreateScenarioAutomations",
        statements: [
            """
            CREATE TABLE scenario_automations (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL COLLATE NOCASE,
                description TEXT,
                actions BLOB NOT NULL,          -- sensitive: sealed under the tenant's data key
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name)
            )
            """
        ]
    )
}
