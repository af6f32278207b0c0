/// The portal's logo, one per tenant: the image sealed under the tenant's data key like every stored upload, its type
/// and SHA-256 in clear (they name the image in links and answer revalidations without opening it).
enum Migration0012CreatePortalLogos {
    static let migration = Migration(
        version: 12,
        name: "0012_CreatePortalLogos",
        statements: [
            """
            CREATE TABLE portal_logos (
                tenant_id INTEGER NOT NULL PRIMARY KEY REFERENCES tenants(id),
                content BLOB NOT NULL,          -- sensitive: sealed under the tenant's data key (base64 of the image)
                content_type TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """
        ]
    )
}
