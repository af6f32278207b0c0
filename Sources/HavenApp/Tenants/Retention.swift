public import HavenCore
public import HavenStore

/// A tenant's retention rules (admins: Admin → Retention, `haven retention`): previewed — how many tickets and
/// contacts would go now — before they are saved, and refused when more would go than the preview showed (a rule
/// is never turned on blind). Applied hourly by the retention service (`RetentionRun`), every deletion audited, each
/// batch with its signed receipt.
public struct Retention: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What the rules would delete if they ran now.
    public struct Preview: Sendable, Equatable {
        public var tickets: Int64
        public var contacts: Int64

        public init(tickets: Int64, contacts: Int64) {
            self.tickets = tickets
            self.contacts = contacts
        }
    }

    public func rules(by principal: Principal) async throws -> RetentionRules {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .manageSecurity) { sql in
            try await store.retention.rules(principal.tenant, on: sql)
        }
    }

    public func preview(_ rules: RetentionRules, by principal: Principal) async throws -> Preview {
        try rules.validate()
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .manageSecurity) { sql in
            try await Self.count(rules, tenant: principal.tenant, store: store, now: self.helpdesk.clock.now(), on: sql)
        }
    }

    /// Saves the rules when no more would go now than `previewed` says (a conflict naming the counts otherwise).
    public func update(_ rules: RetentionRules, previewed: Preview, by principal: Principal) async throws {
        try rules.validate()
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageSecurity) { change in
            let now = try await Self.count(rules, tenant: change.tenant, store: store, now: change.now, on: change.sql)
            if now.tickets > previewed.tickets || now.contacts > previewed.contacts {
                throw HavenError.conflict([
                    .invalid(
                        "preview",
                        "\(now.tickets) tickets and \(now.contacts) contacts would be deleted now, more than the preview showed; preview again"
                    )
                ])
            }
            try await store.retention.save(change.tenant, rules, at: change.now, on: change.sql)
            try await change.record(
                .retentionRulesChanged, .tenant(change.tenant),
                details: [
                    "closed_ticket_days": .optional(rules.closedTicketDays), "inactive_contact_days": .optional(rules.inactiveContactDays),
                    "previewed_tickets": .int(now.tickets), "previewed_contacts": .int(now.contacts),
                ])
        }
    }

    /// Applies the principal's tenant's rules now (the operator's `haven retention run`; the service does it hourly).
    public func run(by principal: Principal) async throws -> RetentionRun.Outcome {
        try principal.require(.manageSecurity)
        return try await RetentionRun(store: self.helpdesk.store).run(principal.tenant)
    }

    static func count(_ rules: RetentionRules, tenant: TenantID, store: Store, now: Timestamp, on sql: SQLExecutor) async throws -> Preview
    {
        var preview = Preview(tickets: 0, contacts: 0)
        if let days = rules.closedTicketDays {
            preview.tickets = try await store.retention.countClosedTickets(tenant, before: RetentionRun.cutoff(days, now: now), on: sql)
        }
        if let days = rules.inactiveContactDays {
            preview.contacts = try await store.retention.countInactiveContacts(tenant, before: RetentionRun.cutoff(days, now: now), on: sql)
        }
        return preview
    }
}
