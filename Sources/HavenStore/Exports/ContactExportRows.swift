public import HavenCore

/// The tenant's contacts (not agents, not deleted or blocked ones), a page at a time.
public struct ContactExportRows {
    public static let fields = [
        "id", "name", "email", "phone", "mobile", "job_title", "company_id", "address", "description", "language", "time_zone",
        "twitter_id", "unique_external_id", "tags", "created_at", "updated_at",
    ]

    let store: Store
    let tenant: TenantID

    func count(on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar("SELECT count(*) FROM users WHERE tenant_id = \(self.tenant) AND is_agent = 0 AND deleted = 0 AND blocked = 0")
    }

    /// The next contacts after `after` in id order, and the last id read.
    func page(after: UserID?, size: Int) async throws -> ([[String: ExportValue]], Int64?) {
        var filter = ContactFilter()
        filter.afterID = after
        let contacts = try await self.store.read { sql in
            try await self.store.contacts.list(self.tenant, filter, page: PageRequest(page: 1, perPage: size), on: sql)
        }
        return (contacts.items.map(Self.row), contacts.items.last?.id.rawValue ?? after?.rawValue)
    }

    /// A contact as an export's JSON holds it (every field).
    public static func object(_ c: Contact) -> JSONObject {
        let row = Self.row(c)
        return JSONObject(Self.fields.map { ($0, row[$0]?.json ?? .null) })
    }

    static func row(_ c: Contact) -> [String: ExportValue] {
        [
            "id": .id(c.id), "name": .text(c.name), "email": .text(c.email), "phone": .text(c.phone), "mobile": .text(c.mobile),
            "job_title": .text(c.jobTitle), "company_id": .id(c.companyID), "address": .text(c.address),
            "description": .text(c.description), "language": .text(c.language), "time_zone": .text(c.timeZone),
            "twitter_id": .text(c.twitterID), "unique_external_id": .text(c.uniqueExternalID), "tags": .list(c.tags),
            "created_at": .time(c.createdAt), "updated_at": .time(c.updatedAt),
        ]
    }
}
