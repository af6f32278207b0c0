/// When a tenant was terminated: its automatic purge counts from here (`TenantPurges`). Tenants terminated before
/// this migration count from their last change.
enum Migration0018AddTenantTerminatedAt {
    static let migration = Migration(
        version: 18,
        name: "0018_AddTenantTerminatedAt",
        statements: [
            "ALTER TABLE tenants ADD COLUMN terminated_at INTEGER",
            "UPDATE tenants SET terminated_at = updated_at WHERE status = 'terminated'",
        ]
    )
}
