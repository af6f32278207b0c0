/// Indexes that let the busiest ticket reads stay inside an index: lists (live tickets newest first, with or
/// without `updated_since`) skip to their page without reading the rows they skip; a search on status and priority
/// counts index entries instead of reading every ticket of the tenant, and finds its page newest first in the same
/// index instead of reading newer tickets of other priorities on the way.
enum Migration0008AddTicketListIndexes {
    static let migration = Migration(
        version: 8,
        name: "0008_AddTicketListIndexes",
        statements: [
            "CREATE INDEX tickets_live_by_created ON tickets (tenant_id, deleted, spam, created_at, id, updated_at)",
            """
            CREATE INDEX tickets_live_by_status_priority ON tickets (tenant_id, deleted, spam, status, priority, created_at, id)
            """,
        ]
    )
}
