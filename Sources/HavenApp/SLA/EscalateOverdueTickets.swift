import HavenCore
import HavenStore

/// The escalation service's round: every ticket whose SLA check has come (`TicketSLA.nextCheck`) is looked at by
/// `SLAClock.escalate`; targets that passed are flagged (`fr_escalated`, `nr_escalated`, `is_escalated`) with one
/// `ticket.escalated` entry naming them, and the policy's escalation agents (or the assigned agent, for -1) are told
/// by mail when their step falls due. One transaction per ticket, acting as the `sla` job of the ticket's tenant.
public struct EscalateOverdueTickets: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public struct Outcome: Sendable, Equatable {
        public var tickets = 0
        public var breaches = 0
        public var notices = 0
        /// Tickets whose change failed (rolled back, tried again next round): one such ticket never holds up the rest.
        public var failures = 0
    }

    /// Works through everything due by now, a batch at a time.
    public func run() async throws -> Outcome {
        let store = self.helpdesk.store
        var outcome = Outcome()
        var seen = Set<String>()
        while true {
            let now = self.helpdesk.clock.now()
            let due = try await store.read { sql in try await store.tickets.dueForSLACheck(now: now, limit: 200, on: sql) }
            // A ticket whose check did not move (a failure) is not taken twice in one round.
            let fresh = due.filter { seen.insert("\($0.0)/\($0.1)").inserted }
            if fresh.isEmpty { return outcome }
            for (tenant, id) in fresh {
                do {
                    let (breaches, notices) = try await self.escalate(id, tenant: tenant)
                    outcome.tickets += 1
                    outcome.breaches += breaches
                    outcome.notices += notices
                } catch {
                    outcome.failures += 1
                }
            }
            if outcome.notices > 0 { self.helpdesk.outbox.notify() }
            if due.count < 200 { return outcome }
        }
    }

    private func escalate(_ id: TicketID, tenant: TenantID) async throws -> (Int, Int) {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: .job("sla", tenant: tenant), needs: .workTickets) { change in
            guard let previous = try await store.tickets.find(tenant, id, on: change.sql) else { return (0, 0) }
            let setup = try await store.sla.current(tenant, on: change.sql)
            var (ticket, breaches, notices) = SLAClock.escalate(previous, setup: setup, now: change.now)
            guard ticket != previous else { return (0, 0) }
            // A flag set is a change readers of `updated_since` must see; a check moved alone is bookkeeping.
            if !breaches.isEmpty { ticket.updatedAt = change.now }
            try await store.tickets.update(ticket, previous: previous, on: change.sql)
            // One mail per agent, naming everything they are told of this time.
            var told: [Int64] = []
            var owed: [Int64: [SLAClock.Notice]] = [:]
            for notice in notices {
                for agent in notice.agentIDs.compactMap({ $0 == SLAEscalation.assignedAgent ? ticket.responderID?.rawValue : $0 }) {
                    if owed[agent] == nil { told.append(agent) }
                    owed[agent, default: []].append(notice)
                }
            }
            var reached: [Int64] = []
            for agent in told {
                guard let person = try await store.contacts.find(tenant, UserID(agent), on: change.sql), person.isAgent else { continue }
                try await MailOutbox(helpdesk: self.helpdesk).enqueueNotice(
                    .escalation, to: person, subject: Self.subject(owed[agent]!, ticket), text: Self.text(ticket), in: change)
                reached.append(agent)
            }
            told = reached
            if !breaches.isEmpty || !told.isEmpty {
                try await change.record(
                    .ticketEscalated, .ticket(id),
                    details: [
                        "passed": .strings(breaches.map(\.rawValue)), "notified_agent_ids": .array(told.map { .int($0) }),
                        "levels": .array(notices.map { .int(Int64($0.level)) }),
                    ])
            }
            return (breaches.count, told.count)
        }
    }

    /// "Ticket #12 is overdue for resolution and response", the highest resolution level named when above the first.
    static func subject(_ notices: [SLAClock.Notice], _ ticket: Ticket) -> String {
        let whats = [SLAClock.Breach.resolution, .firstResponse, .nextResponse].filter { breach in
            notices.contains { $0.breach == breach }
        }.map(\.displayName)
        let level = notices.filter { $0.breach == .resolution }.map(\.level).max() ?? 0
        return "Ticket #\(ticket.id.rawValue) is overdue for \(whats.joined(separator: " and "))" + (level > 1 ? " (level \(level))" : "")
    }

    /// The ticket's number and dates only: the subject and the customer's words stay in the helpdesk.
    static func text(_ ticket: Ticket) -> String {
        var lines = ["Ticket #\(ticket.id.rawValue) has passed its SLA target.", ""]
        if let due = ticket.frDueBy, ticket.stats.firstRespondedAt == nil { lines.append("First response was due: \(due.iso8601)") }
        if let due = ticket.nrDueBy { lines.append("Next response was due: \(due.iso8601)") }
        if let due = ticket.dueBy { lines.append("Resolution due: \(due.iso8601)") }
        lines += ["", "Open it in the console to act on it."]
        return lines.joined(separator: "\n")
    }
}
