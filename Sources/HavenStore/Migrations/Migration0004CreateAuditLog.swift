/// The audit log: one row per recorded change, per-tenant sequence numbers, each row carrying the hash of the chain
/// up to and including itself. Triggers make the table append-only for everyone but the retention purge, which must
/// first record an anchor (the hash at the new first entry) in `audit_anchors`.
enum Migration0004CreateAuditLog {
    static let migration = Migration(
        version: 4,
        name: "0004_CreateAuditLog",
        statements: [
            """
            CREATE TABLE audit_events (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                seq INTEGER NOT NULL,
                occurred_at INTEGER NOT NULL,
                actor_type TEXT NOT NULL,        -- agent | system | operator
                actor_id INTEGER,                -- agent id
                actor_key_id INTEGER,            -- API key id
                actor_name TEXT,                 -- system job or CLI command
                action TEXT NOT NULL,            -- ticket.created, contact.hard_deleted, key.rotated, ...
                target_type TEXT,
                target_id TEXT,
                details BLOB,                    -- sealed (tenant data key): changed fields, source IP
                prev_hash BLOB NOT NULL,
                hash BLOB NOT NULL,
                PRIMARY KEY (tenant_id, seq)
            )
            """,
            "CREATE INDEX audit_events_by_time ON audit_events (tenant_id, occurred_at, seq)",
            """
            CREATE TABLE audit_anchors (
                tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
                first_seq INTEGER NOT NULL,      -- the oldest entry still in the table after a purge
                prev_hash BLOB NOT NULL          -- the chain hash just before it
            )
            """,
            """
            CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'the audit log is read-only'); END
            """,
            """
            CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
            WHEN NOT EXISTS (SELECT 1 FROM audit_anchors a WHERE a.tenant_id = OLD.tenant_id AND OLD.seq < a.first_seq)
            BEGIN SELECT RAISE(ABORT, 'the audit log is read-only'); END
            """,
        ],
        postgres: [
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events": [
                """
                CREATE OR REPLACE FUNCTION haven_audit_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- Only entries below a tenant's anchor (purged history) may go; nothing is ever changed.
                    IF TG_OP = 'DELETE' AND EXISTS (
                        SELECT 1 FROM audit_anchors a WHERE a.tenant_id = OLD.tenant_id AND OLD.seq < a.first_seq) THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'the audit log is read-only' USING ERRCODE = 'integrity_constraint_violation';
                END $$
                """,
                "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION haven_audit_read_only()",
            ],
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events": [
                "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION haven_audit_read_only()"
            ],
        ]
    )
}
