/// The customer portal and widget (people.md §3): each tenant's portal settings, the versions of its consent text,
/// and the consent ledger — every consent given or withdrawn, with the text version and hash it was given for.
enum Migration0010CreatePortal {
    static let migration = Migration(
        version: 10,
        name: "0010_CreatePortal",
        statements: [
            """
            CREATE TABLE portal_settings (
                tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
                settings TEXT NOT NULL,         -- JSON (PortalSettings); the tenant's public face, no personal data
                updated_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE consent_texts (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                version INTEGER NOT NULL,
                text TEXT NOT NULL,             -- what customers agree to: the tenant's public wording, never edited
                sha256 TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, version)
            )
            """,
            """
            CREATE TABLE consents (
                tenant_id INTEGER NOT NULL,
                id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                version INTEGER NOT NULL,
                sha256 TEXT NOT NULL,           -- the hash of the text version, kept with the record itself
                given INTEGER NOT NULL,         -- 1 given, 0 withdrawn
                channel TEXT NOT NULL,          -- portal | widget | api
                recorded_at INTEGER NOT NULL,
                source_ip BLOB,                 -- sensitive: sealed under the person's key
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
                FOREIGN KEY (tenant_id, version) REFERENCES consent_texts (tenant_id, version)
            )
            """,
            "CREATE INDEX consents_by_user ON consents (tenant_id, user_id, id)",
        ]
    )
}
