public import HavenCore

/// Exports a tenant's contacts (not agents, not deleted ones) with the fields asked for, as CSV or JSON, in pages of
/// a hundred, writing its progress to the job row after each page; the file is sealed under the tenant's data key and
/// kept 24 hours (`export_files`). CSV cells a spreadsheet would run as formulas are neutralized.
public struct ContactExportJob: Sendable {
    public static let name = "contact_export"
    public static let lifetimeSeconds: Int64 = 24 * 3_600
    /// The fields an export may hold, in the file's column order.
    public static let fields = [
        "id", "name", "email", "phone", "mobile", "job_title", "company_id", "address", "description", "language", "time_zone",
        "twitter_id", "unique_external_id", "tags", "created_at", "updated_at",
    ]
    public static let formats = ["csv", "json"]

    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func run(_ queued: Job) async throws {
        var job = queued
        let wanted = Set((job.payload["fields"]?.arrayValue ?? []).compactMap(\.stringValue))
        let fields = Self.fields.filter { wanted.contains($0) }
        let json = job.payload["format"]?.stringValue == "json"
        job.status = .inProgress
        job.statusUpdatedAt = self.store.clock.now()
        job.updatedAt = job.statusUpdatedAt
        try await self.store.write { sql in try await self.store.jobs.update(job, on: sql) }
        let tenant = job.tenantID
        let total = try await self.store.read { sql in
            try await sql.scalar("SELECT count(*) FROM users WHERE tenant_id = \(tenant) AND is_agent = 0 AND deleted = 0 AND blocked = 0")
        }
        var lines: [String] = json ? [] : [CSV.line(fields)]
        var objects: [JSONValue] = []
        var done: Int64 = 0
        var page = 1
        while true {
            let contacts = try await self.store.read { sql in
                try await self.store.contacts.list(tenant, ContactFilter(), page: PageRequest(page: page, perPage: 100), on: sql)
            }
            for contact in contacts.items {
                let values = fields.map { Self.value(contact, $0) }
                if json {
                    objects.append(.object(JSONObject(zip(fields, values.map(\.json)).map { ($0, $1) })))
                } else {
                    lines.append(CSV.line(values.map(\.text)))
                }
            }
            done += Int64(contacts.items.count)
            var progress = job
            progress.progress = min(99, done * 100 / max(1, total))
            progress.updatedAt = self.store.clock.now()
            try await self.store.write { sql in try await self.store.jobs.update(progress, on: sql) }
            guard contacts.hasMore else { break }
            page += 1
        }
        let now = self.store.clock.now()
        let file = ExportFile(
            jobID: job.id, content: json ? JSONWriter.string(.array(objects)) : lines.joined(separator: "\r\n") + "\r\n",
            contentType: json ? "application/json" : "text/csv; charset=utf-8",
            filename: "contacts-\(now.iso8601.prefix(10)).\(json ? "json" : "csv")", rows: done,
            expiresAt: now.adding(seconds: Self.lifetimeSeconds))
        job.status = .completed
        job.progress = 100
        job.result = ["rows": .int(done), "expires_at": .timestamp(file.expiresAt), "format": .string(json ? "json" : "csv")]
        job.updatedAt = now
        job.statusUpdatedAt = now
        try await self.store.write { sql in
            try await self.store.exportFiles.insert(tenant, file, at: now, on: sql)
            try await self.store.jobs.update(job, on: sql)
        }
    }

    struct Value {
        let text: String
        let json: JSONValue
    }

    static func value(_ c: Contact, _ field: String) -> Value {
        func text(_ value: String?) -> Value { Value(text: value ?? "", json: .optional(value)) }
        switch field {
        case "id": return Value(text: String(c.id.rawValue), json: .id(c.id))
        case "name": return text(c.name)
        case "email": return text(c.email)
        case "phone": return text(c.phone)
        case "mobile": return text(c.mobile)
        case "job_title": return text(c.jobTitle)
        case "company_id": return Value(text: c.companyID.map { String($0.rawValue) } ?? "", json: .optional(c.companyID))
        case "address": return text(c.address)
        case "description": return text(c.description)
        case "language": return text(c.language)
        case "time_zone": return text(c.timeZone)
        case "twitter_id": return text(c.twitterID)
        case "unique_external_id": return text(c.uniqueExternalID)
        case "tags": return Value(text: c.tags.joined(separator: ", "), json: .strings(c.tags))
        case "created_at": return Value(text: c.createdAt.iso8601, json: .timestamp(c.createdAt))
        case "updated_at": return Value(text: c.updatedAt.iso8601, json: .timestamp(c.updatedAt))
        default: return text(nil)
        }
    }
}
