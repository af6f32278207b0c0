/// Each tenant's sending settings: the support address its mail comes from and its own smarthost, whose URL carries
/// a password and is sealed under the tenant key.
enum Migration0015CreateMailSettings {
    static let migration = Migration(
        version: 15,
        name: "0015_CreateMailSettings",
        statements: [
            """
            CREATE TABLE mail_settings (
                tenant_id INTEGER NOT NULL PRIMARY KEY REFERENCES tenants(id),
                sending_address TEXT,                   -- one of the tenant's mail_addresses; NULL: {subdomain}@{mail domain}
                smtp_url BLOB,                          -- sensitive: smtp://user:password@host, sealed; NULL: the deployment's
                updated_at INTEGER NOT NULL
            )
            """
        ]
    )
}
