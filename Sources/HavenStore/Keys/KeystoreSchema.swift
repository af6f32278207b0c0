import HavenCore

/// The keystore (`keystore.sqlite` in the key directory, attached as `ks`) and the blind-index file (`index.sqlite`
/// in the data directory, attached as `idx`). Both are created idempotently at start-up.
///
/// The keystore lives beside the epoch keys, not in the data directory: a copy of the data directory (a backup)
/// then holds no key material at all, and restoring it with the current key directory reads everything except what
/// was erased since — the erased subject's keys are gone from the only keystore there is (encryption.md §10.7,
/// "restore with the newest keystore", made the default).
enum KeystoreSchema {
    static let keystore = "ks"
    static let index = "idx"

    static let keystoreStatements: [SQL] = [
        "CREATE TABLE IF NOT EXISTS ks.keystore_meta (deployment_id TEXT NOT NULL, created_at INTEGER NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS ks.deployment_secrets (
            name TEXT PRIMARY KEY,             -- acme_account
            epoch INTEGER NOT NULL,
            wrapped_key BLOB NOT NULL,         -- a data key wrapped under that epoch's key
            sealed BLOB NOT NULL,              -- AES-256-GCM of the secret under the data key, bound to the name
            created_at INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS ks.kms_epochs (
            epoch INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            key_ref TEXT NOT NULL,
            state TEXT NOT NULL,               -- active | retiring | destroyed
            created_at INTEGER NOT NULL,
            destroy_after INTEGER,
            destroyed_at INTEGER,
            canary BLOB                        -- a data key wrapped under the epoch key: proves at start-up that the key opens
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS ks.tenant_keks (
            tenant_id INTEGER NOT NULL,
            gen INTEGER NOT NULL,
            epoch INTEGER NOT NULL,
            wrapped BLOB NOT NULL,             -- opaque blob from the key provider
            created_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, gen)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS ks.key_entries (
            tenant_id INTEGER NOT NULL,
            kind INTEGER NOT NULL,             -- 1 tenant data key, 2 subject key, 3 blind-index root key, 4 secure value key
            subject_id TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL,
            tkek_gen INTEGER NOT NULL,
            wrapped BLOB NOT NULL,             -- 66-byte WrappedKey
            status INTEGER NOT NULL,           -- 1 primary, 2 decrypt-only
            created_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, kind, subject_id, version)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS ks.tenant_key_state (
            tenant_id INTEGER PRIMARY KEY,
            data_version INTEGER NOT NULL,     -- the version new data keys and subject keys get
            revision INTEGER NOT NULL          -- bumped on rotation, new epoch and erasure: other processes reload
        )
        """,
    ]

    /// Blind-index tokens: derived data, kept out of backups and rebuilt by `haven reindex`.
    static let indexStatements: [SQL] = [
        """
        CREATE TABLE IF NOT EXISTS idx.email_tokens (
            tenant_id INTEGER NOT NULL, token INTEGER NOT NULL, user_id INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, token, user_id)) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS idx.email_tokens_by_user ON email_tokens (tenant_id, user_id)",
        """
        CREATE TABLE IF NOT EXISTS idx.phone_tokens (
            tenant_id INTEGER NOT NULL, token INTEGER NOT NULL, user_id INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, token, user_id)) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS idx.phone_tokens_by_user ON phone_tokens (tenant_id, user_id)",
        """
        CREATE TABLE IF NOT EXISTS idx.name_prefix_tokens (
            tenant_id INTEGER NOT NULL, token INTEGER NOT NULL, user_id INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, token, user_id)) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS idx.name_prefix_tokens_by_user ON name_prefix_tokens (tenant_id, user_id)",
        """
        CREATE TABLE IF NOT EXISTS idx.company_name_tokens (
            tenant_id INTEGER NOT NULL, token INTEGER NOT NULL, company_id INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, token, company_id)) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS idx.company_name_tokens_by_company ON company_name_tokens (tenant_id, company_id)",
        """
        CREATE TABLE IF NOT EXISTS idx.ticket_terms (
            tenant_id INTEGER NOT NULL, term INTEGER NOT NULL, ticket_id INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, term, ticket_id)) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS idx.ticket_terms_by_ticket ON ticket_terms (tenant_id, ticket_id)",
        // How far `TermIndexer` has indexed each tenant's new tickets (a tickets rowid).
        "CREATE TABLE IF NOT EXISTS idx.index_state (tenant_id INTEGER PRIMARY KEY, tickets_through INTEGER NOT NULL)",
    ]
}
