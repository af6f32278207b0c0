/// Sign-in and access control (people.md §2): passwords and second factors, server-side sessions, lockouts kept in
/// the database (they survive restarts and are shared by every process on the file), single-use account links,
/// each tenant's security policy, and API keys with names, expiry, scope and an allowlist of their own.
enum Migration0009CreateSignIn {
    static let migration = Migration(
        version: 9,
        name: "0009_CreateSignIn",
        statements: [
            """
            CREATE TABLE credentials (
                tenant_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                password_hash TEXT,            -- PHC string (scrypt); NULL until an invitation is accepted
                password_changed_at INTEGER,
                totp_secret BLOB,              -- sensitive: sealed under the person's key
                totp_pending BLOB,             -- sensitive: an enrollment not yet confirmed
                totp_enrolled_at INTEGER,
                totp_last_step INTEGER,        -- the last time step accepted: a code is never accepted twice
                recovery_codes TEXT NOT NULL DEFAULT '[]', -- SHA-256 of each unused recovery code
                PRIMARY KEY (tenant_id, user_id),
                FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE sessions (
                tenant_id INTEGER NOT NULL,
                id INTEGER NOT NULL,
                token_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the cookie's 256 random bits
                user_id INTEGER NOT NULL,
                audience TEXT NOT NULL,         -- agent | contact
                stage TEXT NOT NULL,            -- second_factor | enrollment | complete
                csrf_token TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL,
                authenticated_at INTEGER NOT NULL, -- the last password or code check (re-authentication)
                expires_at INTEGER NOT NULL,       -- the absolute timeout
                user_agent BLOB,                -- sensitive: sealed under the person's key
                source_ip BLOB,                 -- sensitive: sealed under the person's key
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id, audience, created_at)",
            """
            CREATE TABLE sign_in_locks (
                tenant_id INTEGER NOT NULL,
                subject TEXT NOT NULL,          -- keyed hash of 'account:' + e-mail or 'address:' + IP (no personal value)
                kind TEXT NOT NULL,             -- account | address
                failures INTEGER NOT NULL,
                window_start INTEGER NOT NULL,
                locked_until INTEGER,
                locks INTEGER NOT NULL,
                last_lock_at INTEGER,
                PRIMARY KEY (tenant_id, subject)
            )
            """,
            """
            CREATE TABLE account_tokens (
                token_hash TEXT PRIMARY KEY,    -- SHA-256 of the link's token: the link itself is never stored
                tenant_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                purpose TEXT NOT NULL,          -- invitation | password_reset
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER,
                FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX account_tokens_by_user ON account_tokens (tenant_id, user_id)",
            """
            CREATE TABLE security_policies (
                tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
                policy TEXT NOT NULL,           -- JSON (SecurityPolicy); no personal data
                updated_at INTEGER NOT NULL
            )
            """,
            "ALTER TABLE api_keys ADD COLUMN name TEXT NOT NULL DEFAULT 'Default key'",
            "ALTER TABLE api_keys ADD COLUMN expires_at INTEGER",
            "ALTER TABLE api_keys ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER",
            "ALTER TABLE api_keys ADD COLUMN allowlist TEXT NOT NULL DEFAULT '[]'",
            "CREATE INDEX api_keys_by_user ON api_keys (tenant_id, user_id)",
            // An occasional agent's access ends by itself at this time (vendor access).
            "ALTER TABLE agents ADD COLUMN access_ends_at INTEGER",
        ]
    )
}
