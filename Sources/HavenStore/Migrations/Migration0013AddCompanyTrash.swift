/// "Deleted companies": a deleted company waits here (restorable, then purged), detached from its contacts and tickets
/// as a hard delete would detach them, with the list of what was detached so a restore puts it back.
enum Migration0013AddCompanyTrash {
    static let migration = Migration(
        version: 13,
        name: "0013_AddCompanyTrash",
        statements: [
            "ALTER TABLE companies ADD COLUMN deleted_at INTEGER",
            // {"contacts": [ids], "other_contacts": [ids], "tickets": [ids]}: ids only, nothing personal.
            "ALTER TABLE companies ADD COLUMN detached TEXT NOT NULL DEFAULT '{}'",
            "CREATE INDEX companies_in_trash ON companies (tenant_id, deleted_at) WHERE deleted_at IS NOT NULL",
        ]
    )
}
