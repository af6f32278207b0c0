public import HavenCore

/// Applies pending migrations, each in its own transaction together with its row in `schema_migrations`, so a
/// failed step leaves the schema at the previous version.
public struct Migrator: Sendable {
    public let database: HavenDatabase
    public let clock: any HavenClock

    public init(database: HavenDatabase, clock: any HavenClock) {
        self.database = database
        self.clock = clock
    }

    /// Returns the versions applied by this call.
    @discardableResult
    public func migrate(_ migrations: [Migration] = Migrations.all) async throws -> [Int] {
        let dialect = self.database.dialect
        try await self.database.withWriterConnection { sql in
            if dialect == .postgres {
                for statement in PostgresSchema.bootstrap { try await sql.execute(SQL(raw: statement)) }
            }
            try await sql.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at INTEGER NOT NULL
                )
                """
            )
        }
        let applied = try await self.appliedVersions()
        if let newest = applied.max(), let known = migrations.map(\.version).max(), newest > known {
            throw HavenError.usage(
                "The database is at schema version \(newest), newer than this binary knows (\(known)); upgrade Haven"
            )
        }
        var done: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
            try await self.database.write { sql in
                for statement in migration.statements(for: dialect) {
                    try await sql.execute(SQL(raw: statement))
                }
                try await sql.execute(
                    ("""
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(Int64(migration.version)), \(migration.name), \(self.clock.now()))
                    """)
                )
            }
            done.append(migration.version)
        }
        if dialect == .postgres {
            // Every time, not only after new steps: a wall or grant missing for any reason is put back.
            try await self.database.write { sql in
                // The keystore and index tables (attached files on SQLite) are schemas here, created with the rest
                // so the wall and the grants cover them too.
                for statement in KeystoreSchema.keystoreStatements + KeystoreSchema.indexStatements {
                    try await sql.execute(SQL(raw: PostgresSchema.translate(statement.sqliteForm.text)))
                }
                try await PostgresSchema.sealedColumnsAsBytes(on: sql)
                try await PostgresSchema.secure(on: sql)
            }
        }
        if !done.isEmpty { try await self.database.clearStatementCaches() }
        return done
    }

    public func appliedVersions() async throws -> Set<Int> {
        let rows = try await self.database.read { sql in
            try await sql.all("SELECT version FROM schema_migrations")
        }
        return Set(try rows.map { Int(try $0.int("version")) })
    }
}
