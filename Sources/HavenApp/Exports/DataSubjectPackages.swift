import Foundation
public import HavenCore
public import HavenStore

/// A data-subject package (GDPR Art. 15 and 20): everything Haven holds about one contact as a zip with a manifest
/// (`DataSubjectPackageBuilder`), in one step from the API, the console or `haven export package`. Requested, produced
/// and downloaded are each recorded in the audit log; like an export, the file is sealed at rest in chunks and kept
/// 24 hours, for agents allowed to export.
public struct DataSubjectPackages: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// Queues the package of `contact` (404 for a person not in this tenant, or erased).
    public func request(_ contact: UserID, by principal: Principal) async throws -> Job {
        let store = self.helpdesk.store
        let job = try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            guard let person = try await store.contacts.find(change.tenant, contact, on: change.sql), person.unreadable == nil else {
                throw HavenError.notFound
            }
            let job = Job(
                tenantID: change.tenant, id: store.random.hex(count: 16), name: ExportKind.package.jobName,
                payload: ["contact_id": .id(contact)], requestedBy: principal.agentID, at: change.now)
            try await store.jobs.insert(job, on: change.sql)
            try await change.record(.dataPackageRequested, .contact(contact), details: ["job": .string(job.id)])
            return job
        }
        self.helpdesk.jobs.notify()
        return job
    }

    /// Runs a queued package job (the job runner): the zip written as sealed chunks, then its header with the
    /// "produced" entry and the "ready" mail in one transaction.
    public func produce(_ queued: Job, lifetimeSeconds: Int64 = ExportJob.defaultLifetimeSeconds) async throws {
        guard let contactID = queued.payload["contact_id"]?.intValue.map(UserID.init) else {
            throw HavenError.internalFailure("package job \(queued.id) names no contact")
        }
        let store = self.helpdesk.store
        guard let tenant = try await store.read({ sql in try await store.tenants.find(queued.tenantID, on: sql) }) else {
            throw HavenError.notFound
        }
        let builder = DataSubjectPackageBuilder(helpdesk: self.helpdesk, tenant: tenant, contactID: contactID)
        let subject = try await builder.subject()
        let now = self.helpdesk.clock.now()
        var outcome = DataSubjectPackageBuilder.Outcome()
        let file = try await ChunkedFileWriter(store: store, job: queued, lifetimeSeconds: lifetimeSeconds).write(
            contentType: "application/zip", filename: "data-package-contact-\(contactID)-\(now.iso8601.prefix(10)).zip",
            total: Int64(subject.ticketIDs.count)
        ) { append in
            outcome = try await builder.write(subject) { bytes, done in
                try await append(Data(bytes).base64EncodedString(), done)
            }
            return Int64(outcome.files)
        }
        let counts = outcome.json
        _ = try await ChunkedFileWriter.finish(store: store, job: queued, file: file, result: counts) { job, sql in
            let change = Change(sql: sql, principal: .job(job.name, tenant: job.tenantID), now: store.clock.now(), audit: store.audit)
            var details = counts
            details.append("job", .string(job.id))
            try await change.record(.dataPackageProduced, .contact(contactID), details: details)
            try await ExportNotice(self.helpdesk).enqueue(for: job, kind: .package, file: file, on: sql)
        }
    }

    /// The package written straight to the caller (`haven export package`): recorded as requested, produced and
    /// downloaded, no file kept. `write` gets the bytes in order, with the tickets written so far and their total.
    public func stream(_ contact: UserID, by principal: Principal, write: ([UInt8], _ done: Int64, _ total: Int64) async throws -> Void)
        async throws
    {
        let store = self.helpdesk.store
        let tenant = try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            guard let person = try await store.contacts.find(change.tenant, contact, on: change.sql), person.unreadable == nil,
                let tenant = try await store.tenants.find(change.tenant, on: change.sql)
            else { throw HavenError.notFound }
            try await change.record(.dataPackageRequested, .contact(contact), details: ["delivery": .string("direct")])
            return tenant
        }
        let builder = DataSubjectPackageBuilder(helpdesk: self.helpdesk, tenant: tenant, contactID: contact)
        let subject = try await builder.subject()
        let total = Int64(subject.ticketIDs.count)
        let outcome = try await builder.write(subject) { bytes, done in try await write(bytes, done, total) }
        try await self.helpdesk.change(by: principal, needs: .exportData) { change in
            var details = outcome.json
            details.append("delivery", .string("direct"))
            try await change.record(.dataPackageProduced, .contact(contact), details: details)
            try await change.record(.exportDownloaded, .contact(contact), details: ["kind": .string(ExportKind.package.rawValue)])
        }
    }
}
