public import HavenCore

/// What an export holds: the tenant's contacts or its tickets, each with the fields it may carry (in the file's column
/// order) and the name of its job.
public enum ExportKind: String, Sendable, CaseIterable {
    case contacts
    case tickets

    public static let formats = ["csv", "json"]

    public var jobName: String {
        switch self {
        case .contacts: return "contact_export"
        case .tickets: return "ticket_export"
        }
    }

    public init?(jobName: String) {
        guard let kind = Self.allCases.first(where: { $0.jobName == jobName }) else { return nil }
        self = kind
    }

    public var fields: [String] {
        switch self {
        case .contacts: return ContactExportRows.fields
        case .tickets: return TicketExportRows.fields
        }
    }

    /// The singular noun of a row, for the pages ("1 ticket").
    public var noun: String { self == .contacts ? "contact" : "ticket" }
}

/// One cell of an export: as CSV text and as JSON.
struct ExportValue {
    let text: String
    let json: JSONValue

    static func text(_ value: String?) -> ExportValue { ExportValue(text: value ?? "", json: .optional(value)) }
    static func id<K>(_ value: Identifier<K>?) -> ExportValue {
        ExportValue(text: value.map { String($0.rawValue) } ?? "", json: .optional(value))
    }
    static func time(_ value: Timestamp?) -> ExportValue { ExportValue(text: value?.iso8601 ?? "", json: .optional(value)) }
    static func list(_ values: [String]) -> ExportValue { ExportValue(text: values.joined(separator: ", "), json: .strings(values)) }
}

/// Runs an export job of either kind with the fields asked for, as CSV or JSON, in pages of a hundred, writing its
/// progress to the job row after each page; the file is sealed under the tenant's data key and kept 24 hours
/// (`export_files`). CSV cells a spreadsheet would run as formulas are neutralized (`CSV.line`).
public struct ExportJob: Sendable {
    public static let lifetimeSeconds: Int64 = 24 * 3_600
    static let pageSize = 100

    /// What else happens in the transaction that stores the file (the "export ready" mail).
    public typealias ReadyHook = @Sendable (Job, ExportKind, ExportFile, SQLExecutor) async throws -> Void

    let store: Store
    let onReady: ReadyHook?

    public init(store: Store, onReady: ReadyHook? = nil) {
        self.store = store
        self.onReady = onReady
    }

    public func run(_ queued: Job) async throws {
        guard let kind = ExportKind(jobName: queued.name) else {
            throw HavenError.internalFailure("job \(queued.name) is not an export")
        }
        var job = queued
        let wanted = Set((job.payload["fields"]?.arrayValue ?? []).compactMap(\.stringValue))
        let fields = kind.fields.filter { wanted.contains($0) }
        let json = job.payload["format"]?.stringValue == "json"
        job.status = .inProgress
        job.statusUpdatedAt = self.store.clock.now()
        job.updatedAt = job.statusUpdatedAt
        try await self.store.write { sql in try await self.store.jobs.update(job, on: sql) }
        let tenant = job.tenantID
        let total: Int64
        let nextPage: (Int) async throws -> (rows: [[String: ExportValue]], hasMore: Bool)
        switch kind {
        case .contacts:
            let rows = ContactExportRows(store: self.store, tenant: tenant)
            total = try await rows.count()
            nextPage = { page in try await rows.page(page, size: Self.pageSize) }
        case .tickets:
            let rows = TicketExportRows(
                store: self.store, tenant: tenant, updatedSince: job.payload["updated_since"]?.stringValue.flatMap(TimestampParser.parse),
                fields: Set(fields))
            total = try await rows.count()
            nextPage = { page in try await rows.page(page, size: Self.pageSize) }
        }
        var lines: [String] = json ? [] : [CSV.line(fields)]
        var objects: [JSONValue] = []
        var done: Int64 = 0
        var page = 1
        while true {
            let (rows, hasMore) = try await nextPage(page)
            for row in rows {
                let values = fields.map { row[$0] ?? .text(nil) }
                if json {
                    objects.append(.object(JSONObject(zip(fields, values.map(\.json)).map { ($0, $1) })))
                } else {
                    lines.append(CSV.line(values.map(\.text)))
                }
            }
            done += Int64(rows.count)
            var progress = job
            progress.progress = min(99, done * 100 / max(1, total))
            progress.updatedAt = self.store.clock.now()
            try await self.store.write { sql in try await self.store.jobs.update(progress, on: sql) }
            guard hasMore else { break }
            page += 1
        }
        let now = self.store.clock.now()
        let file = ExportFile(
            jobID: job.id, content: json ? JSONWriter.string(.array(objects)) : lines.joined(separator: "\r\n") + "\r\n",
            contentType: json ? "application/json" : "text/csv; charset=utf-8",
            filename: "\(kind.rawValue)-\(now.iso8601.prefix(10)).\(json ? "json" : "csv")", rows: done,
            expiresAt: now.adding(seconds: Self.lifetimeSeconds))
        job.status = .completed
        job.progress = 100
        job.result = ["rows": .int(done), "expires_at": .timestamp(file.expiresAt), "format": .string(json ? "json" : "csv")]
        job.updatedAt = now
        job.statusUpdatedAt = now
        try await self.store.write { sql in
            try await self.store.exportFiles.insert(tenant, file, at: now, on: sql)
            try await self.store.jobs.update(job, on: sql)
            try await self.onReady?(job, kind, file, sql)
        }
    }
}

/// The tenant's contacts (not agents, not deleted or blocked ones), a page at a time.
struct ContactExportRows {
    static let fields = [
        "id", "name", "email", "phone", "mobile", "job_title", "company_id", "address", "description", "language", "time_zone",
        "twitter_id", "unique_external_id", "tags", "created_at", "updated_at",
    ]

    let store: Store
    let tenant: TenantID

    func count() async throws -> Int64 {
        try await self.store.read { sql in
            try await sql.scalar(
                "SELECT count(*) FROM users WHERE tenant_id = \(self.tenant) AND is_agent = 0 AND deleted = 0 AND blocked = 0")
        }
    }

    func page(_ page: Int, size: Int) async throws -> (rows: [[String: ExportValue]], hasMore: Bool) {
        let contacts = try await self.store.read { sql in
            try await self.store.contacts.list(self.tenant, ContactFilter(), page: PageRequest(page: page, perPage: size), on: sql)
        }
        return (contacts.items.map(Self.row), contacts.hasMore)
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

/// The tenant's tickets (not in the trash or spam), optionally those updated since a time, oldest first, with their
/// requesters' names and addresses read in the same page.
struct TicketExportRows {
    static let fields = [
        "id", "subject", "description", "status", "priority", "source", "type", "requester_id", "requester_name",
        "requester_email", "responder_id", "group_id", "company_id", "tags", "due_by", "created_at", "updated_at",
    ]

    let store: Store
    let tenant: TenantID
    let updatedSince: Timestamp?
    /// What the file holds: descriptions and requesters are opened only when asked for.
    let fields: Set<String>

    func count() async throws -> Int64 {
        let since: SQL = self.updatedSince.map { " AND updated_at >= \($0)" } ?? ""
        return try await self.store.read { sql in
            try await sql.scalar("SELECT count(*) FROM tickets WHERE tenant_id = \(self.tenant) AND deleted = 0 AND spam = 0" + since)
        }
    }

    func page(_ page: Int, size: Int) async throws -> (rows: [[String: ExportValue]], hasMore: Bool) {
        var query = TicketListQuery()
        query.updatedSince = self.updatedSince
        query.order = .createdAt
        query.descending = false
        return try await self.store.read { sql in
            let tickets = try await self.store.tickets.list(
                self.tenant, query, page: PageRequest(page: page, perPage: size), withDescription: self.fields.contains("description"),
                on: sql)
            let requesters =
                self.fields.isDisjoint(with: ["requester_name", "requester_email"])
                ? [:] : try await self.store.contacts.find(self.tenant, ids: tickets.items.map(\.requesterID), on: sql)
            return (tickets.items.map { Self.row($0, requesters[$0.requesterID]) }, tickets.hasMore)
        }
    }

    static func row(_ t: Ticket, _ requester: Contact?) -> [String: ExportValue] {
        [
            "id": .id(t.id), "subject": .text(t.subject), "description": .text(HTMLText.plainText(t.description)),
            "status": .text(t.status.displayName), "priority": .text(t.priority.displayName),
            "source": .text(t.source.displayName), "type": .text(t.type), "requester_id": .id(t.requesterID),
            "requester_name": .text(requester?.name), "requester_email": .text(requester?.email), "responder_id": .id(t.responderID),
            "group_id": .id(t.groupID), "company_id": .id(t.companyID), "tags": .list(t.tags), "due_by": .time(t.dueBy),
            "created_at": .time(t.createdAt), "updated_at": .time(t.updatedAt),
        ]
    }
}
