/// Secure ticket fields' values (a card number a form asked for): each sealed under a key of its own (keystore kind 4,
/// subject = the row's id), kept apart from the ticket's sealed custom fields so that resolving or closing the ticket
/// destroys key and value without touching anything else.
enum Migration0020CreateSecureValues {
    static let migration = Migration(
        version: 20,
        name: "0020_CreateSecureValues",
        statements: [
            """
            CREATE TABLE secure_values (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                ticket_id INTEGER NOT NULL,
                field_name TEXT NOT NULL,
                value BLOB NOT NULL,            -- sensitive: sealed under the value's own key
                created_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, ticket_id, field_name),
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets(tenant_id, id) ON DELETE CASCADE
            )
            """
        ]
    )
}
