/// Ticket summaries: one per ticket, its body sealed under the ticket's requester's key like the rest of the thread.
enum Migration0026CreateTicketSummaries {
    static let migration = Migration(
        version: 26,
        name: "0026_CreateTicketSummaries",
        statements: [
            """
            CREATE TABLE ticket_summaries (
                tenant_id INTEGER NOT NULL,
                ticket_id INTEGER NOT NULL,
                id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                body BLOB NOT NULL,             -- sensitive: sealed under the ticket's requester's key
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, ticket_id),
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
            )
            """
        ]
    )
}
