/// Files produced by export jobs (contacts today): sealed under the tenant's data key, downloadable by the tenant's
/// permitted agents until they expire (24 hours), then deleted by a sweep.
enum Migration0011CreateExportFiles {
    static let migration = Migration(
        version: 11,
        name: "0011_CreateExportFiles",
        statements: [
            """
            CREATE TABLE export_files (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                job_id TEXT NOT NULL,
                content BLOB NOT NULL,          -- sensitive: sealed under the tenant's data key
                content_type TEXT NOT NULL,
                filename TEXT NOT NULL,
                rows INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, job_id)
            )
            """,
            "CREATE INDEX export_files_by_expiry ON export_files (expires_at)",
        ]
    )
}
