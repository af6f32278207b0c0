public import HavenCore
public import HavenStore

/// Exports of the tenant's contacts (Freshdesk's `POST /contacts/export`, the console's "Export contacts") and tickets
/// (the console's "Export tickets"): a background job with progress, its file sealed at rest and downloadable by
/// permitted agents for 24 hours. The request and every download are recorded.
public struct Exports: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// The earliest time a range may name: nothing in a helpdesk is older (a year 1 or 0001 date is a typing slip).
    static let earliest = Timestamp(secondsSince1970: 0)

    /// Queues an export of `fields` (of `kind.fields`) as csv or json; tickets can be narrowed by `tickets` (status,
    /// priority, group, a range of creation or update times) or, as before filters, to those updated since a time.
    public func request(
        _ kind: ExportKind, fields: [String], format: String, tickets: TicketExportFilter = TicketExportFilter(),
        updatedSince: Timestamp? = nil, by principal: Principal
    ) async throws -> Job {
        let spec = try self.validated(kind, fields: fields, format: format, tickets: tickets, updatedSince: updatedSince)
        let store = self.helpdesk.store
        let job = try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            try await self.checkGroup(spec, change)
            let job = Job(
                tenantID: change.tenant, id: store.random.hex(count: 16), name: kind.jobName, payload: spec.payload,
                requestedBy: principal.agentID, at: change.now)
            try await store.jobs.insert(job, on: change.sql)
            try await change.record(
                kind == .contacts ? .contactExportRequested : .ticketExportRequested, .job(job.id), details: spec.payload)
            return job
        }
        self.helpdesk.jobs.notify()
        return job
    }

    /// An export written straight to the caller (`haven export`): validated and recorded as a request is, the text
    /// handed to `write` a page at a time with the rows so far and the total (no file is kept), and recorded as
    /// downloaded when it ends. Returns the rows written.
    public func stream(
        _ kind: ExportKind, fields: [String], format: String, tickets: TicketExportFilter = TicketExportFilter(), by principal: Principal,
        write: (String, _ done: Int64, _ total: Int64) async throws -> Void
    ) async throws -> Int64 {
        let spec = try self.validated(kind, fields: fields, format: format, tickets: tickets, updatedSince: nil)
        let store = self.helpdesk.store
        let id = store.random.hex(count: 16)
        var details = spec.payload
        details.append("delivery", .string("direct"))
        let requested = details
        try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            try await self.checkGroup(spec, change)
            try await change.record(kind == .contacts ? .contactExportRequested : .ticketExportRequested, .job(id), details: requested)
        }
        let stream = ExportStream(store: store, tenant: principal.tenant, spec: spec)
        let total = try await stream.count()
        let rows = try await stream.run { text, done in try await write(text, done, total) }
        try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            try await change.record(.exportDownloaded, .job(id), details: ["rows": .int(rows), "kind": .string(kind.rawValue)])
        }
        return rows
    }

    /// The spec of a valid request, or every problem with it.
    private func validated(
        _ kind: ExportKind, fields: [String], format: String, tickets: TicketExportFilter, updatedSince: Timestamp?
    ) throws -> ExportSpec {
        guard kind != .package else { throw HavenError.internalFailure("a data-subject package is requested from DataSubjectPackages") }
        var filter = tickets
        if let updatedSince {
            filter.dateField = .updatedAt
            filter.from = updatedSince
        }
        var errors: [FieldError] = []
        let unknown = fields.filter { !kind.fields.contains($0) }
        if fields.isEmpty { errors.append(.invalid("fields", "Choose at least one field")) }
        if !unknown.isEmpty {
            errors.append(
                .invalid(
                    "fields", "Unknown fields \(unknown.prefix(5).joined(separator: ", ")); use \(kind.fields.joined(separator: ", "))"))
        }
        if !ExportKind.formats.contains(format) { errors.append(.notOneOf("format", ExportKind.formats)) }
        errors += self.rangeErrors(filter, since: updatedSince != nil)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return ExportSpec(kind: kind, fields: fields, json: format == "json", tickets: filter)
    }

    /// A group named must be one of the tenant's (another tenant's id is as unknown as none).
    private func checkGroup(_ spec: ExportSpec, _ change: Change) async throws {
        if let group = spec.tickets.groupID, try await self.helpdesk.store.groups.find(change.tenant, group, on: change.sql) == nil {
            throw HavenError.validation([.invalid("group_id", "There is no group \(group)")])
        }
    }

    /// A range must run forwards, start no later than now and no earlier than 1970.
    private func rangeErrors(_ filter: TicketExportFilter, since: Bool) -> [FieldError] {
        let now = self.helpdesk.clock.now()
        let fromField = since ? "updated_since" : "from"
        var errors: [FieldError] = []
        if let from = filter.from {
            if from > now { errors.append(.invalid(fromField, "Is in the future")) }
            if from < Self.earliest { errors.append(.invalid(fromField, "Is before 1970")) }
        }
        if let to = filter.to, to < Self.earliest { errors.append(.invalid("to", "Is before 1970")) }
        if let from = filter.from, let to = filter.to, to <= from {
            errors.append(.invalid("to", "Should be after from (\(from.iso8601))"))
        }
        return errors
    }

    /// The export job and its kind (404 for another kind of job — or another kind of export when `kind` is given — or
    /// another tenant's).
    public func status(_ id: String, kind: ExportKind? = nil, by principal: Principal) async throws -> (Job, ExportKind) {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .exportData) { sql in
            guard let job = try await store.jobs.find(principal.tenant, id, on: sql), let found = ExportKind(jobName: job.name),
                kind == nil || kind == found
            else { throw HavenError.notFound }
            return (job, found)
        }
    }

    /// The file, while it lasts (404 before it is ready and after it expired), to read a chunk at a time; the download
    /// is recorded.
    public func download(_ id: String, kind: ExportKind? = nil, by principal: Principal) async throws -> ExportFileReader {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            guard let job = try await store.jobs.find(change.tenant, id, on: change.sql), let found = ExportKind(jobName: job.name),
                kind == nil || kind == found,
                let file = try await store.exportFiles.find(change.tenant, jobID: id, now: change.now, on: change.sql)
            else { throw HavenError.notFound }
            try await change.record(.exportDownloaded, .job(job.id), details: ["rows": .int(file.rows), "kind": .string(found.rawValue)])
            return ExportFileReader(store: store, tenant: change.tenant, file: file)
        }
    }
}
