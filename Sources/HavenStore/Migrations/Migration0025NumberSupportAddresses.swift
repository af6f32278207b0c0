/// Support addresses get ids (Freshdesk's `email_configs` and `email/mailboxes` name them by number): per tenant,
/// 1 is the built-in `{subdomain}@{mail domain}` (never stored), the tenant's own addresses 2 and up, numbered here
/// in address order, later ones from a sequence (a removed address's id is not given again).
enum Migration0025NumberSupportAddresses {
    static let migration = Migration(
        version: 25,
        name: "0025_NumberSupportAddresses",
        statements: [
            "ALTER TABLE mail_addresses ADD COLUMN id INTEGER",
            """
            UPDATE mail_addresses SET id = 1 + (
                SELECT count(*) FROM mail_addresses m WHERE m.tenant_id = mail_addresses.tenant_id AND m.address <= mail_addresses.address)
            """,
            "CREATE UNIQUE INDEX mail_addresses_by_id ON mail_addresses (tenant_id, id)",
            // New addresses take ids from a sequence above every id given here: an id is never used twice.
            "INSERT INTO id_sequences (name, next_value) SELECT 'mail_addresses', coalesce(max(id), 1) FROM mail_addresses",
        ]
    )
}
