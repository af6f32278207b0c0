/// The e-mail channel's tables: the support addresses that route inbound mail to a tenant; the Message-IDs received
/// and sent on each ticket — found by keyed digest (threading, and recognising an MTA's retry of a message already
/// stored), kept sealed for the `References` of replies; the attachments of tickets and conversations, sealed under
/// the ticket requester's key like the thread itself; and the outbox of mail to send, written in the transaction of
/// the change that causes it; and each tenant's token for posting mail over HTTP (hosted relays).
enum Migration0014CreateMail {
    static let migration = Migration(
        version: 14,
        name: "0014_CreateMail",
        statements: [
            """
            CREATE TABLE mail_addresses (
                address TEXT NOT NULL PRIMARY KEY,      -- lower-cased; a company's support address, not a person's
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                created_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX mail_addresses_by_tenant ON mail_addresses (tenant_id)",
            """
            CREATE TABLE mail_messages (
                tenant_id INTEGER NOT NULL,
                digest BLOB NOT NULL,                   -- keyed hash of the Message-ID: found without the id in clear
                id INTEGER NOT NULL,
                message_id BLOB NOT NULL,               -- sensitive: the id itself, for the References of replies
                ticket_id INTEGER NOT NULL,
                conversation_id INTEGER,
                direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                created_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, digest),
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
            ) WITHOUT ROWID
            """,
            "CREATE INDEX mail_messages_by_ticket ON mail_messages (tenant_id, ticket_id, created_at)",
            "CREATE UNIQUE INDEX mail_messages_by_id ON mail_messages (tenant_id, id)",
            """
            CREATE TABLE attachments (
                tenant_id INTEGER NOT NULL,
                id INTEGER NOT NULL,
                ticket_id INTEGER NOT NULL,
                conversation_id INTEGER,
                name BLOB NOT NULL,                     -- sensitive: a file name says a lot
                content_type TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                content BLOB NOT NULL,                  -- sensitive: base64 of the file, sealed
                created_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX attachments_by_ticket ON attachments (tenant_id, ticket_id, conversation_id)",
            """
            CREATE TABLE mail_outbox (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                ticket_id INTEGER,                      -- what caused it, for the status (the ticket may be gone since)
                kind TEXT NOT NULL,
                owner_id INTEGER,                       -- whose key seals it (the requester); NULL: the tenant key
                sender TEXT NOT NULL,                   -- the envelope sender: a support address
                recipients BLOB NOT NULL,               -- sensitive
                content BLOB NOT NULL,                  -- sensitive: the signed message, base64, sealed
                message_id TEXT NOT NULL,               -- Haven's own id (random @ the mail domain)
                state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                last_error TEXT,                        -- the SMTP step and reply code: never an address
                created_at INTEGER NOT NULL,
                sent_at INTEGER,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at)",
            """
            CREATE TABLE mail_relay_tokens (
                token_hash TEXT NOT NULL PRIMARY KEY,   -- SHA-256 of the token: the token itself is shown once
                tenant_id INTEGER NOT NULL UNIQUE REFERENCES tenants(id),
                created_at INTEGER NOT NULL
            )
            """,
        ]
    )
}
