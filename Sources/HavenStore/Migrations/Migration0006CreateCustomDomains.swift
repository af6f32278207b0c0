/// Custom portal domains with their status (`DomainStatus`), the lease locks that keep two nodes from ordering the
/// same certificate, and the http-01 challenge tokens every node can answer from.
enum Migration0006CreateCustomDomains {
    static let migration = Migration(
        version: 6,
        name: "0006_CreateCustomDomains",
        statements: [
            """
            CREATE TABLE custom_domains (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                domain TEXT NOT NULL UNIQUE,          -- one tenant per domain, Punycode, lower case
                cname_target TEXT NOT NULL UNIQUE,
                state TEXT NOT NULL,
                reason TEXT,
                next_check_at INTEGER NOT NULL,
                failures INTEGER NOT NULL DEFAULT 0,
                awaiting_since INTEGER,
                not_before INTEGER,
                not_after INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX custom_domains_due ON custom_domains (next_check_at)",
            """
            CREATE TABLE tls_locks (
                name TEXT PRIMARY KEY,                 -- issue_cert_<domain>
                owner TEXT NOT NULL,
                expires_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE acme_challenges (
                token TEXT PRIMARY KEY,
                domain TEXT NOT NULL,
                key_authorization TEXT NOT NULL,
                expires_at INTEGER NOT NULL
            )
            """,
        ]
    )
}
