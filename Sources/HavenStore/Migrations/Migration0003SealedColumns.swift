/// Encryption at rest: the clear lookup columns go (blind-index tokens in the index file replace them), companies
/// lose their clear name key, and the data directory records which deployment's keystore seals it. Values already
/// stored in clear are sealed once by `LegacyPlaintextSealer` right after this migration.
enum Migration0003SealedColumns {
    static let migration = Migration(
        version: 3,
        name: "0003_SealedColumns",
        statements: [
            "DROP TABLE user_emails",
            "DROP INDEX users_by_phone",
            "DROP INDEX users_by_mobile",
            // Names are sealed: an index over ciphertext orders nothing.
            "DROP INDEX users_by_name",
            "CREATE INDEX users_by_kind ON users (tenant_id, is_agent, id)",
            "ALTER TABLE users DROP COLUMN email_index",
            "ALTER TABLE users DROP COLUMN phone_index",
            "ALTER TABLE users DROP COLUMN mobile_index",
            """
            CREATE TABLE companies_v3 (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name BLOB NOT NULL,            -- sealed (tenant data key)
                description BLOB,              -- sealed
                note BLOB,                     -- sealed
                domains BLOB NOT NULL,         -- sealed
                custom_fields TEXT NOT NULL DEFAULT '{}',
                health_score TEXT,
                account_tier TEXT,
                renewal_date INTEGER,
                industry TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            """
            INSERT INTO companies_v3 (tenant_id, id, name, description, note, domains, custom_fields, health_score,
                account_tier, renewal_date, industry, created_at, updated_at)
            SELECT tenant_id, id, name, description, note, domains, custom_fields, health_score, account_tier,
                renewal_date, industry, created_at, updated_at FROM companies
            """,
            "DROP TABLE companies",
            "ALTER TABLE companies_v3 RENAME TO companies",
            "CREATE INDEX companies_by_updated ON companies (tenant_id, updated_at, id)",
            "CREATE TABLE deployment (id TEXT NOT NULL, created_at INTEGER NOT NULL)",
        ],
        // A PostgreSQL database starts empty: there are no clear companies to carry over.
        postgres: ["INSERT INTO companies_v3 (tenant_id, id, name, description, note, domains, custom_fields, health_score,": []]
    )
}
