public import HavenCore
public import HavenStore

/// Exports of the tenant's contacts (Freshdesk's `POST /contacts/export`, the console's "Export contacts"): a
/// background job with progress, its file sealed at rest and downloadable by permitted agents for 24 hours. The
/// request and every download are recorded.
public struct ContactExports: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// Queues an export of `fields` (of `ContactExportJob.fields`) as csv or json.
    public func request(fields: [String], format: String, by principal: Principal) async throws -> Job {
        var errors: [FieldError] = []
        let unknown = fields.filter { !ContactExportJob.fields.contains($0) }
        if fields.isEmpty { errors.append(.invalid("fields", "Choose at least one field")) }
        if !unknown.isEmpty {
            errors.append(
                .invalid(
                    "fields",
                    "Unknown fields \(unknown.prefix(5).joined(separator: ", ")); use \(ContactExportJob.fields.joined(separator: ", "))"))
        }
        if !ContactExportJob.formats.contains(format) { errors.append(.notOneOf("format", ContactExportJob.formats)) }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        let job = try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            let job = Job(
                tenantID: change.tenant, id: store.random.hex(count: 16), name: ContactExportJob.name,
                payload: ["fields": .strings(fields), "format": .string(format)], requestedBy: principal.agentID, at: change.now)
            try await store.jobs.insert(job, on: change.sql)
            try await change.record(
                .contactExportRequested, .job(job.id), details: ["fields": .strings(fields), "format": .string(format)])
            return job
        }
        self.helpdesk.jobs.notify()
        return job
    }

    /// The export job (404 for another kind of job, or another tenant's).
    public func status(_ id: String, by principal: Principal) async throws -> Job {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .exportData) { sql in
            guard let job = try await store.jobs.find(principal.tenant, id, on: sql), job.name == ContactExportJob.name else {
                throw HavenError.notFound
            }
            return job
        }
    }

    /// The file, while it lasts (404 before it is ready and after it expired); the download is recorded.
    public func download(_ id: String, by principal: Principal) async throws -> ExportFile {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            guard let job = try await store.jobs.find(change.tenant, id, on: change.sql), job.name == ContactExportJob.name,
                let file = try await store.exportFiles.find(change.tenant, jobID: id, now: change.now, on: change.sql)
            else { throw HavenError.notFound }
            try await change.record(.exportDownloaded, .job(job.id), details: ["rows": .int(file.rows)])
            return file
        }
    }
}
