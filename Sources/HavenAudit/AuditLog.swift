import HavenCore
import HavenCrypto
import HavenStore

/// Appends audit entries inside the caller's write transaction, so an entry exists exactly when its change does:
/// a rolled-back change leaves no entry.
public struct AuditLog: Sendable {
    let store: Store
    let repository = AuditRepository()

    public init(store: Store) {
        self.store = store
    }

    public func record(_ event: AuditEvent, on sql: SQLExecutor) async throws {
        guard sql.isWriter else { throw HavenError.internalFailure("audit entries are written inside a write transaction") }
        let head = try await self.repository.head(event.tenant, on: sql)
        let seq = (head?.seq ?? 0) + 1
        let previous = head?.hash ?? AuditChain.genesis
        var details: [UInt8] = []
        if !event.details.isEmpty {
            let sealer = try await self.store.keys.sealer(event.tenant, .tenant, on: sql)
            if case .blob(let sealed) = try sealer.seal(JSONWriter.string(.object(event.details)), "audit_events", "details", seq) {
                details = sealed
            }
        }
        var actorID: Int64?
        var keyID: Int64?
        var name: String?
        switch event.actor {
        case .agent(let agent, let key):
            actorID = agent.rawValue
            keyID = key?.rawValue
        case .system(let job): name = job
        case .cli(let command): name = command
        }
        var entry = StoredAuditEntry(
            tenantID: event.tenant, seq: seq, occurredAt: event.occurredAt, actorType: event.actor.type, actorID: actorID,
            actorKeyID: keyID, actorName: name, action: event.action, targetType: event.targetType, targetID: event.targetID,
            details: details, prevHash: previous, hash: []
        )
        let key = try await self.store.keys.indexes(event.tenant, on: sql).auditChain
        entry.hash = AuditChain.hash(entry, previous: previous, key: key)
        try await self.repository.insert(entry, on: sql)
    }
}
