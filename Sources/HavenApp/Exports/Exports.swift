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

    /// Queues an export of `fields` (of `kind.fields`) as csv or json; tickets can be limited to those updated since a
    /// time.
    public func request(_ kind: ExportKind, fields: [String], format: String, updatedSince: Timestamp? = nil, by principal: Principal)
        async throws -> Job
    {
        var errors: [FieldError] = []
        let unknown = fields.filter { !kind.fields.contains($0) }
        if fields.isEmpty { errors.append(.invalid("fields", "Choose at least one field")) }
        if !unknown.isEmpty {
            errors.append(
                .invalid(
                    "fields", "Unknown fields \(unknown.prefix(5).joined(separator: ", ")); use \(kind.fields.joined(separator: ", "))"))
        }
        if !ExportKind.formats.contains(format) { errors.append(.notOneOf("format", ExportKind.formats)) }
        if let updatedSince, updatedSince > self.helpdesk.clock.now() {
            errors.append(.invalid("updated_since", "Is in the future"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        var payload: JSONObject = ["fields": .strings(fields), "format": .string(format)]
        if let updatedSince { payload.append("updated_since", .timestamp(updatedSince)) }
        let job = try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            let job = Job(
                tenantID: change.tenant, id: store.random.hex(count: 16), name: kind.jobName, payload: payload,
                requestedBy: principal.agentID, at: change.now)
            try await store.jobs.insert(job, on: change.sql)
            try await change.record(kind == .contacts ? .contactExportRequested : .ticketExportRequested, .job(job.id), details: payload)
            return job
        }
        self.helpdesk.jobs.notify()
        return job
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

    /// The file, while it lasts (404 before it is ready and after it expired); the download is recorded.
    public func download(_ id: String, kind: ExportKind? = nil, by principal: Principal) async throws -> ExportFile {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            guard let job = try await store.jobs.find(change.tenant, id, on: change.sql), let found = ExportKind(jobName: job.name),
                kind == nil || kind == found,
                let file = try await store.exportFiles.find(change.tenant, jobID: id, now: change.now, on: change.sql)
            else { throw HavenError.notFound }
            try await change.record(.exportDownloaded, .job(job.id), details: ["rows": .int(file.rows), "kind": .string(found.rawValue)])
            return file
        }
    }
}
