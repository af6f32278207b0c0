/// Several nodes share the failed-authentication throttle: every node adds the failures it counted per client
/// address in the current minute and the blocks it imposed, a few times a second, and learns the others'
/// (`AuthenticationThrottleSync`). Addresses appear only as keyed pseudonyms (`AddressPseudonym`), never in clear.
/// Counts and blocks only, so on PostgreSQL both tables skip the write-ahead log (a crash forgets at most the
/// blocks in force, as a restarted single node does).
enum Migration0034CreateAuthenticationFailureWindows {
    static let migration = Migration(
        version: 34,
        name: "0034_CreateAuthenticationFailureWindows",
        statements: [
            """
            CREATE TABLE auth_failure_windows (
                address_key TEXT NOT NULL,
                minute INTEGER NOT NULL,
                failures INTEGER NOT NULL,
                PRIMARY KEY (address_key, minute)
            )
            """,
            """
            CREATE TABLE auth_address_blocks (
                address_key TEXT PRIMARY KEY,
                blocked_until INTEGER NOT NULL,
                offences INTEGER NOT NULL,
                noted_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX auth_address_blocks_noted ON auth_address_blocks (noted_at)",
        ],
        postgresOnly: ["ALTER TABLE auth_failure_windows SET UNLOGGED", "ALTER TABLE auth_address_blocks SET UNLOGGED"]
    )
}
