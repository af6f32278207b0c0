public import HavenCore

/// What an export holds: the tenant's contacts or its tickets, each with the fields it may carry (in the file's column
/// order) and the name of its job.
public enum ExportKind: String, Sendable, CaseIterable {
    case contacts
    case tickets
    /// Everything about one contact (`DataSubjectPackages`): a zip, not rows of chosen fields.
    case package

    public static let formats = ["csv", "json"]

    public var jobName: String {
        switch self {
        case .contacts: return "contact_export"
        case .tickets: return "ticket_export"
        case .package: return "contact_package"
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
        case .package: return []
        }
    }

    /// The singular noun of a row, for the pages ("1 ticket").
    public var noun: String {
        switch self {
        case .contacts: return "contact"
        case .tickets: return "ticket"
        case .package: return "data package"
        }
    }
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

/// Runs an export job: the file is written a page at a time (`ExportStream`), each page sealed under the tenant's
/// data key as a chunk in the same transaction as the job's progress, so neither memory nor any one transaction grows
/// with the export; the header, the job's result and the "ready" mail are one last transaction. Files are kept 24
/// hours unless `HAVEN_EXPORT_HOURS` says otherwise. A job interrupted by a restart starts again from nothing (its chunks are removed first).
public struct ExportJob: Sendable {
    /// How long a file is kept unless the deployment says otherwise (`HAVEN_EXPORT_HOURS`).
    public static let defaultLifetimeSeconds: Int64 = 24 * 3_600

    /// What else happens in the transaction that stores the file (the "export ready" mail).
    public typealias ReadyHook = @Sendable (Job, ExportKind, ExportFile, SQLExecutor) async throws -> Void

    let store: Store
    let lifetimeSeconds: Int64
    let onReady: ReadyHook?

    public init(store: Store, lifetimeSeconds: Int64 = ExportJob.defaultLifetimeSeconds, onReady: ReadyHook? = nil) {
        self.store = store
        self.lifetimeSeconds = lifetimeSeconds
        self.onReady = onReady
    }

    public func run(_ queued: Job) async throws {
        guard let kind = ExportKind(jobName: queued.name), kind != .package else {
            throw HavenError.internalFailure("job \(queued.name) is not an export of rows")
        }
        let spec = ExportSpec(kind: kind, payload: queued.payload)
        let stream = ExportStream(store: self.store, tenant: queued.tenantID, spec: spec)
        let file = try await ChunkedFileWriter(store: self.store, job: queued, lifetimeSeconds: self.lifetimeSeconds).write(
            contentType: spec.contentType, filename: spec.filename(at: self.store.clock.now()), total: try await stream.count()
        ) { append in
            try await stream.run { text, rows in try await append(text, rows) }
        }
        _ = try await ChunkedFileWriter.finish(
            store: self.store, job: queued, file: file, result: ["format": .string(spec.format)]
        ) { job, sql in try await self.onReady?(job, kind, file, sql) }
    }
}

/// Writes a job's file as sealed chunks, recording progress with each, then its header: what exports and data-subject
/// packages share.
public struct ChunkedFileWriter: Sendable {
    let store: Store
    let job: Job
    let lifetimeSeconds: Int64

    public init(store: Store, job: Job, lifetimeSeconds: Int64 = ExportJob.defaultLifetimeSeconds) {
        self.store = store
        self.job = job
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// Marks the job in progress, drops what an earlier run left, and lets `produce` append chunks (text, and rows
    /// written so far for the progress); returns the header to store.
    public func write(
        contentType: String, filename: String, total: Int64,
        _ produce: (_ append: (String, Int64) async throws -> Void) async throws -> Int64
    ) async throws -> ExportFile {
        var job = self.job
        let started = self.store.clock.now()
        job.status = .inProgress
        job.statusUpdatedAt = started
        job.updatedAt = started
        let expiresAt = started.adding(seconds: self.lifetimeSeconds)
        try await self.store.write { sql in
            try await self.store.jobs.update(job, on: sql)
            try await self.store.exportFiles.deleteChunks(job.tenantID, jobID: job.id, on: sql)
        }
        var seq: Int64 = 0
        let rows = try await produce { text, done in
            var progress = job
            progress.progress = min(99, done * 100 / max(1, total))
            progress.updatedAt = self.store.clock.now()
            let (chunk, update, running) = (seq, progress, job)
            try await self.store.write { sql in
                try await self.store.exportFiles.appendChunk(
                    running.tenantID, jobID: running.id, seq: chunk, text, expiresAt: expiresAt, on: sql)
                try await self.store.jobs.update(update, on: sql)
            }
            seq += 1
        }
        let now = self.store.clock.now()
        return ExportFile(
            jobID: job.id, contentType: contentType, filename: filename, rows: rows,
            expiresAt: now.adding(seconds: self.lifetimeSeconds))
    }

    /// Stores the header and completes the job (its result: rows, expiry, and `result`), with `also` in the same
    /// transaction.
    public static func finish(
        store: Store, job queued: Job, file: ExportFile, result: JSONObject,
        also: @Sendable (Job, SQLExecutor) async throws -> Void
    ) async throws -> Job {
        let now = store.clock.now()
        var job = queued
        job.status = .completed
        job.progress = 100
        var outcome: JSONObject = ["rows": .int(file.rows), "expires_at": .timestamp(file.expiresAt)]
        for (key, value) in result { outcome.append(key, value) }
        job.result = outcome
        job.updatedAt = now
        job.statusUpdatedAt = now
        let completed = job
        try await store.write { sql in
            try await store.exportFiles.insert(completed.tenantID, file, at: now, on: sql)
            try await store.jobs.update(completed, on: sql)
            try await also(completed, sql)
        }
        return completed
    }
}

/// An export's file as text, a page of rows at a time: CSV (header first; cells a spreadsheet would run as formulas
/// neutralized by `CSV.line`) or a JSON array. `haven export` writes it to a file, the job to sealed chunks.
public struct ExportStream: Sendable {
    static let pageSize = 500

    let store: Store
    let tenant: TenantID
    let spec: ExportSpec

    public init(store: Store, tenant: TenantID, spec: ExportSpec) {
        self.store = store
        self.tenant = tenant
        self.spec = spec
    }

    public func count() async throws -> Int64 {
        try await self.store.read { sql in
            switch self.spec.kind {
            case .contacts: return try await ContactExportRows(store: self.store, tenant: self.tenant).count(on: sql)
            case .tickets: return try await self.store.tickets.exportCount(self.tenant, self.spec.tickets, on: sql)
            case .package: throw HavenError.internalFailure("a data-subject package is not a stream of rows")
            }
        }
    }

    /// Calls `write` with each page's text and the rows written so far (a JSON array's closing bracket comes with the
    /// last page); returns how many rows.
    @discardableResult
    public func run(_ write: (String, Int64) async throws -> Void) async throws -> Int64 {
        let fields = self.spec.fields
        var done: Int64 = 0
        var after: Int64?
        var text = self.spec.json ? "[" : CSV.line(fields) + "\r\n"
        while true {
            let (rows, last) = try await self.page(after: after)
            for row in rows {
                let values = fields.map { row[$0] ?? .text(nil) }
                if self.spec.json {
                    if done > 0 { text += "," }
                    text += "\n" + JSONWriter.string(.object(JSONObject(zip(fields, values.map(\.json)).map { ($0, $1) })))
                } else {
                    text += CSV.line(values.map(\.text)) + "\r\n"
                }
                done += 1
            }
            after = last
            let finished = rows.count < Self.pageSize
            if finished, self.spec.json { text += "\n]\n" }
            if !text.isEmpty || finished { try await write(text, done) }
            text = ""
            if finished { return done }
        }
    }

    private func page(after: Int64?) async throws -> ([[String: ExportValue]], Int64?) {
        switch self.spec.kind {
        case .contacts:
            let rows = ContactExportRows(store: self.store, tenant: self.tenant)
            return try await rows.page(after: after.map(UserID.init), size: Self.pageSize)
        case .tickets:
            let rows = TicketExportRows(store: self.store, tenant: self.tenant, filter: self.spec.tickets, fields: Set(self.spec.fields))
            return try await rows.page(after: after.map(TicketID.init), size: Self.pageSize)
        case .package: throw HavenError.internalFailure("a data-subject package is not a stream of rows")
        }
    }
}

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

/// The tenant's tickets an export's filter selects, in id order, with their requesters' names and addresses read in
/// the same page.
public struct TicketExportRows {
    public static let fields = [
        "id", "subject", "description", "status", "priority", "source", "type", "requester_id", "requester_name",
        "requester_email", "responder_id", "group_id", "company_id", "tags", "due_by", "created_at", "updated_at",
    ]

    let store: Store
    let tenant: TenantID
    let filter: TicketExportFilter
    /// What the file holds: descriptions and requesters are opened only when asked for.
    let fields: Set<String>

    /// The next tickets after `after` in id order, with their requesters read in the same transaction, and the last
    /// id read.
    func page(after: TicketID?, size: Int) async throws -> ([[String: ExportValue]], Int64?) {
        try await self.store.read { sql in
            let tickets = try await self.store.tickets.exportPage(
                self.tenant, self.filter, after: after, limit: size, withDescription: self.fields.contains("description"), on: sql)
            let requesters =
                self.fields.isDisjoint(with: ["requester_name", "requester_email"])
                ? [:] : try await self.store.contacts.find(self.tenant, ids: Array(Set(tickets.map(\.requesterID))), on: sql)
            return (tickets.map { Self.row($0, requesters[$0.requesterID]) }, tickets.last?.id.rawValue ?? after?.rawValue)
        }
    }

    /// A ticket as an export's JSON holds it (every field).
    public static func object(_ t: Ticket, _ requester: Contact?) -> JSONObject {
        let row = Self.row(t, requester)
        return JSONObject(Self.fields.map { ($0, row[$0]?.json ?? .null) })
    }

    /// A ticket as a line of an export's CSV (every field).
    public static func csvLine(_ t: Ticket, _ requester: Contact?) -> String {
        let row = Self.row(t, requester)
        return CSV.line(Self.fields.map { row[$0]?.text ?? "" })
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
