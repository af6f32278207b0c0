/// Certificates tenants upload for their custom domains. A domain belongs to at most one tenant (unique), so no
/// tenant can take over another's host name; the private key is a sensitive column.
enum Migration0002CreateDomainCertificates {
    static let migration = Migration(
        version: 2,
        name: "0002_CreateDomainCertificates",
        statements: [
            """
            CREATE TABLE domain_certificates (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                domain TEXT NOT NULL UNIQUE,
                chain_pem TEXT NOT NULL,
                private_key TEXT NOT NULL,     -- sensitive
                fingerprint TEXT NOT NULL,
                subject_alt_names TEXT NOT NULL,
                not_before INTEGER NOT NULL,
                not_after INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """
        ]
    )
}
