/// Several nodes share each tenant's API rate limit: every node adds its requests of the current minute to the
/// tenant's row here a few times a second and learns what the others used (`RateWindowSync`). Counts only, so on
/// PostgreSQL the table skips the write-ahead log (a crash loses at most a minute's counts).
enum Migration0033CreateRateWindows {
    static let migration = Migration(
        version: 33,
        name: "0033_CreateRateWindows",
        statements: [
            """
            CREATE TABLE rate_windows (
                tenant_id INTEGER NOT NULL,
                minute INTEGER NOT NULL,
                used INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, minute)
            )
            """
        ],
        postgresOnly: ["ALTER TABLE rate_windows SET UNLOGGED"]
    )
}
