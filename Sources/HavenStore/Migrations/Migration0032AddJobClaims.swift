/// Several nodes drain one job queue: a node runs a job only while it holds the job's claim (`claimed_by` until
/// `claimed_until`, renewed while the job runs), so no job runs twice at once, and a job whose node died is taken
/// over once its claim lapses.
enum Migration0032AddJobClaims {
    static let migration = Migration(
        version: 32,
        name: "0032_AddJobClaims",
        statements: [
            "ALTER TABLE jobs ADD COLUMN claimed_by TEXT",
            "ALTER TABLE jobs ADD COLUMN claimed_until INTEGER",
        ]
    )
}
