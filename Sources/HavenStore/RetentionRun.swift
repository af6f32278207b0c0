public import HavenCore

/// Applies one tenant's retention rules now: tickets closed more than the rule's days ago are deleted for good
/// (conversations, files and word tokens with them; `ticket.deleted_by_retention`), contacts inactive that long are
/// erased with their key (`contact.erased_by_retention`), a batch per transaction with each record's audit entry and
/// the batch's signed deletion receipt (counts and key versions, no personal data).
public struct RetentionRun: Sendable {
    public static let jobName = "retention"
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public struct Outcome: Sendable, Equatable {
        public var tickets = 0
        public var contacts = 0

        public init(tickets: Int = 0, contacts: Int = 0) {
            self.tickets = tickets
            self.contacts = contacts
        }
    }

    /// The cutoff a rule of `days` means at `now`.
    public static func cutoff(_ days: Int64, now: Timestamp) -> Timestamp { now.adding(seconds: -days * 86_400) }

    public func run(_ tenant: TenantID) async throws -> Outcome {
        let rules = try await self.store.read { sql in try await self.store.retention.rules(tenant, on: sql) }
        guard !rules.isEmpty else { return Outcome() }
        let signer = try await ReceiptSigner.load(self.store)
        let now = self.store.clock.now()
        let batches = PurgeBatches(store: self.store, tenant: tenant, now: now, job: Self.jobName)
        var outcome = Outcome()
        if let days = rules.closedTicketDays {
            let cutoff = Self.cutoff(days, now: now)
            outcome.tickets = try await batches.run("ticket", action: "ticket.deleted_by_retention") { sql in
                try await self.store.retention.closedTickets(tenant, before: cutoff, limit: batches.batchSize, on: sql).map(\.rawValue)
            } purge: { id, sql in
                guard let ticket = try await self.store.tickets.find(tenant, TicketID(id), on: sql), ticket.status == .closed,
                    let closedAt = ticket.stats.closedAt, closedAt < cutoff
                else { return nil }
                try await self.store.tickets.purge(tenant, ticket.id, on: sql)
                return ["closed_at": .timestamp(closedAt), "rule_days": .int(days)]
            } afterBatch: { ids, sql in
                try await self.receipt(tenant, deleted: [("tickets", Int64(ids.count))], keys: [], signer: signer, now: now, on: sql)
            }
        }
        if let days = rules.inactiveContactDays {
            let cutoff = Self.cutoff(days, now: now)
            var destroyed: [Int64: [Int64]] = [:]
            outcome.contacts = try await batches.run("contact", action: "contact.erased_by_retention") { sql in
                try await self.store.retention.inactiveContacts(tenant, before: cutoff, limit: batches.batchSize, on: sql).map(\.rawValue)
            } purge: { id, sql in
                // Still inactive inside this transaction (a ticket or an edit since the read keeps it).
                guard try await self.store.retention.isInactiveContact(tenant, UserID(id), before: cutoff, on: sql) else { return nil }
                destroyed[id] = try await self.store.keys.subjectKeyVersions(tenant, id, on: sql)
                try await self.store.contacts.delete(tenant, UserID(id), on: sql)
                return ["rule_days": .int(days), "key_erased": true]
            } afterBatch: { ids, sql in
                let keys = ids.map { ("person key", destroyed[$0] ?? []) }
                try await self.receipt(tenant, deleted: [("contacts", Int64(ids.count))], keys: keys, signer: signer, now: now, on: sql)
            }
        }
        return outcome
    }

    func receipt(
        _ tenant: TenantID, deleted: [(String, Int64)], keys: [(String, [Int64])], signer: ReceiptSigner, now: Timestamp,
        on sql: SQLExecutor
    ) async throws {
        try await signer.issue(.retention, tenant: tenant, deleted: deleted, keys: keys, at: now, store: self.store, on: sql)
    }
}
