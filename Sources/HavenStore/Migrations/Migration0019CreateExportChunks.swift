/// Export files are written and read in chunks (a page of rows each, or a part of a data-subject package), so neither
/// the job that writes one nor the download that reads it holds the whole file in memory. Each chunk is sealed under
/// the tenant's data key and expires with its file; `export_files` keeps the header (name, type, rows) and, for files
/// written before this migration, their content in one piece.
enum Migration0019CreateExportChunks {
    static let migration = Migration(
        version: 19,
        name: "0019_CreateExportChunks",
        statements: [
            """
            CREATE TABLE export_chunks (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                job_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                content BLOB NOT NULL,          -- sensitive: sealed under the tenant's data key
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, job_id, seq)
            )
            """,
            "CREATE INDEX export_chunks_by_expiry ON export_chunks (expires_at)",
        ]
    )
}
