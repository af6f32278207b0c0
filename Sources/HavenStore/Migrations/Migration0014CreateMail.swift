/// The e-mail channel's tables: the support addresses that route inbound mail to a tenant, the keyed digests of
/// Message-IDs that thread replies into tickets (and recognise an MTA's retry of a message already stored), and the
/// attachments of tickets and conversations, sealed under the ticket requester's key like the thread itself.
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
                digest BLOB NOT NULL,                   -- keyed hash of the Message-ID: no id in clear
                ticket_id INTEGER NOT NULL,
                conversation_id INTEGER,
                direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                created_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, digest),
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
            ) WITHOUT ROWID
            """,
            "CREATE INDEX mail_messages_by_ticket ON mail_messages (tenant_id, ticket_id)",
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
        ]
    )
}
