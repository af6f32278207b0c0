/// Canned responses and their folders. A response's title and content are sealed under the tenant's data key (a
/// template may quote a customer's case); folder names are the team's own words, kept in clear like group names.
enum Migration0021CreateCannedResponses {
    static let migration = Migration(
        version: 21,
        name: "0021_CreateCannedResponses",
        statements: [
            """
            CREATE TABLE canned_folders (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL COLLATE NOCASE,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name)
            )
            """,
            """
            CREATE TABLE canned_responses (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                folder_id INTEGER NOT NULL,
                title BLOB NOT NULL,            -- sensitive: sealed under the tenant's data key
                content_html BLOB NOT NULL,     -- sensitive: sealed under the tenant's data key
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, folder_id) REFERENCES canned_folders (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX canned_responses_by_folder ON canned_responses (tenant_id, folder_id, id)",
        ]
    )
}
