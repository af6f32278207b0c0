public import HavenCore
public import HavenStore

/// An admin's view of the tenant's encryption keys (what `haven keys status` shows an operator) and the data-key
/// rotation from the console: the new key version is made primary at once, the re-sealing of every value runs as
/// a background job whose progress the page shows.
public struct TenantKeys: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func status(by principal: Principal) async throws -> KeyAdministration.TenantStatus {
        try principal.require(.manageSecurity)
        return try await KeyAdministration(store: self.helpdesk.store, actor: principal.auditActor).status(principal.tenant)
    }

    /// Rotates the data key (recorded as `key.rotated` with the admin as actor) and queues the re-sealing job in the
    /// same transaction: a rotation never lands without its job, nor a job without its rotation.
    public func rotate(by principal: Principal) async throws -> Job {
        try principal.require(.manageSecurity)
        let store = self.helpdesk.store
        let id = store.random.hex(count: 16)
        let now = self.helpdesk.clock.now()
        let version = try await KeyAdministration(store: store, actor: principal.auditActor).rotate(principal.tenant) { version, sql in
            try await store.jobs.insert(Self.job(id, version, principal, at: now), on: sql)
        }
        self.helpdesk.jobs.notify()
        return Self.job(id, version, principal, at: now)
    }

    static func job(_ id: String, _ version: UInt32, _ principal: Principal, at now: Timestamp) -> Job {
        Job(
            tenantID: principal.tenant, id: id, name: KeyRotationJob.name, payload: ["data_key_version": .int(Int64(version))],
            requestedBy: principal.agentID, at: now)
    }

    /// A rotation job of this tenant (404 for another kind or tenant).
    public func job(_ id: String, by principal: Principal) async throws -> Job {
        try principal.require(.manageSecurity)
        let store = self.helpdesk.store
        return try await store.read { sql in
            guard let job = try await store.jobs.find(principal.tenant, id, on: sql), job.name == KeyRotationJob.name else {
                throw HavenError.notFound
            }
            return job
        }
    }
}
