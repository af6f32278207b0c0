/// Satisfaction surveys and their ratings. A survey is the team's own wording, in clear; a rating's numbers are
/// kept in clear for reports, its feedback (the customer's own words) sealed under the rater's key.
enum Migration0024CreateSurveys {
    static let migration = Migration(
        version: 24,
        name: "0024_CreateSurveys",
        statements: [
            """
            CREATE TABLE surveys (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                title TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 0,
                scale INTEGER NOT NULL,
                questions TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE UNIQUE INDEX surveys_one_active ON surveys (tenant_id) WHERE active = 1",
            """
            CREATE TABLE satisfaction_ratings (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                survey_id INTEGER NOT NULL,
                ticket_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                agent_id INTEGER,
                group_id INTEGER,
                ratings TEXT NOT NULL,
                feedback BLOB,                  -- sensitive: sealed under the rater's key (NULL: none given)
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
                FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys (tenant_id, id)
            )
            """,
            "CREATE INDEX satisfaction_ratings_by_time ON satisfaction_ratings (tenant_id, created_at, id)",
            "CREATE INDEX satisfaction_ratings_by_ticket ON satisfaction_ratings (tenant_id, ticket_id, id)",
        ]
    )
}
