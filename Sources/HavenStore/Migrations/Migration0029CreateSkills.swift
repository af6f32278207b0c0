/// Skills for skill-based routing: the skill (its conditions as Freshdesk's JSON list: field names and ticket values,
/// nothing personal) and the agents who have it, gone with the agent or the skill.
enum Migration0029CreateSkills {
    static let migration = Migration(
        version: 29,
        name: "0029_CreateSkills",
        statements: [
            """
            CREATE TABLE skills (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL COLLATE NOCASE,
                rank INTEGER NOT NULL,
                match_type TEXT NOT NULL,
                conditions TEXT NOT NULL DEFAULT '[]',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name)
            )
            """,
            """
            CREATE TABLE skill_agents (
                tenant_id INTEGER NOT NULL,
                skill_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, skill_id, user_id),
                FOREIGN KEY (tenant_id, skill_id) REFERENCES skills (tenant_id, id) ON DELETE CASCADE,
                FOREIGN KEY (tenant_id, user_id) REFERENCES agents (tenant_id, user_id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX skill_agents_by_agent ON skill_agents (tenant_id, user_id)",
        ]
    )
}
