public import HavenCore
import HavenCrypto
import Synchronization

/// Appends audit entries inside the caller's write transaction, so an entry exists exactly when its change does:
/// a rolled-back change leaves no entry.
public final class AuditLog: Sendable {
    let keys: KeyRing
    let repository: any AuditRepository

    /// The table and column the sealed details are bound to (the row id is the entry's sequence number).
    public static let detailsPlace = (table: "audit_events", column: "details")
    /// Inside the sealed details, the source IP sits under this key beside the changes.
    public static let sourceIPKey = "source_ip"

    init(keys: KeyRing, repository: any AuditRepository) {
        self.keys = keys
        self.repository = repository
    }

    /// Each tenant's chain head as this process last committed it. A guess, never trusted: the entry is inserted
    /// only if the table's newest entry still has the guessed hash (one statement, `insert(_:ifHeadHash:)`); if
    /// another process appended meanwhile, nothing is inserted and the head is read from the table. Saves a round
    /// trip per change; updated only after the transaction commits.
    private let heads = Mutex<[TenantID: Head]>([:])

    struct Head: Sendable {
        var seq: Int64
        var hash: [UInt8]
    }

    public func record(_ event: AuditEvent, on sql: SQLExecutor) async throws {
        guard sql.isWriter else { throw HavenError.internalFailure("audit entries are written inside a write transaction") }
        let pendingKey = "audit.head.\(event.tenant)"
        // Within one transaction, the head this transaction wrote (exact: the tenant's write lock is held); else
        // this process's last committed head, a guess.
        let entry: StoredAuditEntry
        if let head = sql.transaction?.pending(pendingKey, as: Head.self) {
            entry = try await self.entry(event, after: head, on: sql)
            try await self.repository.insert(entry, on: sql)
        } else if let guess = self.heads.withLock({ $0[event.tenant] }),
            case let guessed = try await self.entry(event, after: guess, on: sql),
            try await self.repository.insert(guessed, ifHeadHash: guess.hash, on: sql)
        {
            entry = guessed
        } else {
            entry = try await self.entry(event, after: try await self.readHead(event.tenant, on: sql), on: sql)
            try await self.repository.insert(entry, on: sql)
        }
        let written = Head(seq: entry.seq, hash: entry.hash)
        if let transaction = sql.transaction {
            transaction.setPending(pendingKey, written)
            transaction.afterCommit { self.heads.withLock { $0[event.tenant] = written } }
        }
    }

    private func readHead(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Head? {
        try await self.repository.head(tenant, on: sql).map { Head(seq: $0.seq, hash: $0.hash) }
    }

    /// The entry for `event` following `head`: details sealed for its sequence number, hash chained.
    private func entry(_ event: AuditEvent, after head: Head?, on sql: SQLExecutor) async throws -> StoredAuditEntry {
        let seq = (head?.seq ?? 0) + 1
        let previous = head?.hash ?? AuditChain.genesis
        var sealedDetails: [UInt8] = []
        var details = event.details
        if let ip = event.sourceIP { details[Self.sourceIPKey] = .string(ip) }
        if !details.isEmpty {
            let sealer = try await self.keys.sealer(event.tenant, .tenant, on: sql)
            if case .blob(let sealed) = try sealer.seal(
                JSONWriter.string(.object(details)), Self.detailsPlace.table, Self.detailsPlace.column, seq)
            {
                sealedDetails = sealed
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
        case .anonymous: break
        case .contact(let contact): actorID = contact.rawValue
        }
        var entry = StoredAuditEntry(
            tenantID: event.tenant, seq: seq, occurredAt: event.occurredAt, actorType: event.actor.type, actorID: actorID,
            actorKeyID: keyID, actorName: name, action: event.action, targetType: event.targetType, targetID: event.targetID,
            details: sealedDetails, prevHash: previous, hash: []
        )
        let key = try await self.keys.indexes(event.tenant, on: sql).auditChain
        entry.hash = AuditChain.hash(entry, previous: previous, key: key)
        return entry
    }

    /// Opens an entry's sealed details; the source IP is split off from the changes it was sealed with.
    public func openDetails(_ entry: StoredAuditEntry, on sql: SQLExecutor) async throws -> (details: JSONObject, sourceIP: String?) {
        guard !entry.details.isEmpty else { return (JSONObject(), nil) }
        let sealer = try await self.keys.sealer(entry.tenantID, .tenant, on: sql)
        let text = try sealer.open(.blob(entry.details), Self.detailsPlace.table, Self.detailsPlace.column, entry.seq) ?? "{}"
        var details = try StoredJSON.object(text, column: "audit_events.details")
        let ip = details[Self.sourceIPKey]?.stringValue
        details[Self.sourceIPKey] = nil
        return (details, ip)
    }
}
