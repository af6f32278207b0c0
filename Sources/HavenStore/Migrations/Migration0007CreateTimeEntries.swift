/// Time entries: agents' time on tickets. The note is sealed under the ticket requester's key like the rest of the
/// thread (encryption.md §10.3); entries go with their ticket.
enum Migration0007CreateTimeEntries {
    static let migration = Migration(
        version: 7,
        name: "0007_CreateTimeEntries",
        statements: [
            """
            CREATE TABLE time_entries (
                tenant_id INTEGER NOT NULL,
                id INTEGER NOT NULL,
                ticket_id INTEGER NOT NULL,
                agent_id INTEGER NOT NULL,
                billable INTEGER NOT NULL,
                note BLOB,                     -- sensitive: sealed under the ticket requester's key
                timer_running INTEGER NOT NULL,
                accumulated_seconds INTEGER NOT NULL,
                start_time INTEGER NOT NULL,
                executed_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                -- No foreign key on agent_id, as with conversations' authors: an agent's entries outlive the agent.
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX time_entries_by_ticket ON time_entries (tenant_id, ticket_id, id)",
            "CREATE INDEX time_entries_by_agent ON time_entries (tenant_id, agent_id, executed_at)",
            "CREATE INDEX time_entries_by_executed ON time_entries (tenant_id, executed_at, id)",
        ]
    )
}
