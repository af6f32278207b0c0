/// Business hours, SLA policies, and each ticket's SLA bookkeeping (`TicketSLA`). Policies and hours are the team's
/// own settings, kept in clear like groups; their nested parts are stored in Freshdesk's JSON shapes. Due dates set
/// before this migration could only have been set by hand, so they are marked as such.
enum Migration0022CreateSLAPolicies {
    static let migration = Migration(
        version: 22,
        name: "0022_CreateSLAPolicies",
        statements: [
            """
            CREATE TABLE business_hours (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL COLLATE NOCASE,
                description TEXT,
                is_default INTEGER NOT NULL DEFAULT 0,
                time_zone TEXT NOT NULL,
                week TEXT NOT NULL,
                holidays TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name)
            )
            """,
            "CREATE UNIQUE INDEX business_hours_one_default ON business_hours (tenant_id) WHERE is_default = 1",
            """
            CREATE TABLE sla_policies (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL COLLATE NOCASE,
                description TEXT,
                active INTEGER NOT NULL DEFAULT 1,
                is_default INTEGER NOT NULL DEFAULT 0,
                position INTEGER NOT NULL,
                targets TEXT NOT NULL,
                conditions TEXT NOT NULL,
                escalation TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name)
            )
            """,
            "CREATE UNIQUE INDEX sla_policies_one_default ON sla_policies (tenant_id) WHERE is_default = 1",
            "ALTER TABLE tickets ADD COLUMN sla_policy_id INTEGER",
            "ALTER TABLE tickets ADD COLUMN sla_paused_at INTEGER",
            "ALTER TABLE tickets ADD COLUMN sla_paused_seconds INTEGER NOT NULL DEFAULT 0",
            // Bit 0: due_by set by hand; bit 1: fr_due_by set by hand.
            "ALTER TABLE tickets ADD COLUMN sla_manual INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE tickets ADD COLUMN sla_notified INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE tickets ADD COLUMN sla_next_check INTEGER",
            "UPDATE tickets SET sla_manual = (due_by IS NOT NULL) | ((fr_due_by IS NOT NULL) << 1)",
            // The escalation service's whole query: tickets whose next check has come, across tenants.
            "CREATE INDEX tickets_sla_watch ON tickets (sla_next_check) WHERE sla_next_check IS NOT NULL",
        ],
        postgres: [
            "UPDATE tickets SET sla_manual = (due_by IS NOT NULL) | ((fr_due_by IS NOT NULL) << 1)": [
                "UPDATE tickets SET sla_manual = (CASE WHEN due_by IS NULL THEN 0 ELSE 1 END) | (CASE WHEN fr_due_by IS NULL THEN 0 ELSE 2 END)"
            ]
        ]
    )
}
