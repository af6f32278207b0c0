public import HavenCore
import HavenStore

/// A ticket's summary (Freshdesk's `tickets/{id}/summary`): agents read, write and delete it on live tickets; it is
/// kept with the thread (sealed under the requester's key). Each change is one transaction with its entry, which
/// names the ticket, never the words.
public struct TicketSummaries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func view(_ ticketID: TicketID, by principal: Principal) async throws -> TicketSummary {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.tickets.find(principal.tenant, ticketID, on: sql) != nil,
                let summary = try await store.summaries.find(principal.tenant, ticket: ticketID, on: sql)
            else { throw HavenError.notFound }
            return summary
        }
    }

    /// Writes (or rewrites) the summary as `bodyHTML`, by the acting agent.
    public func write(_ bodyHTML: String, on ticketID: TicketID, by principal: Principal) async throws -> TicketSummary {
        guard !HTMLText.plainText(bodyHTML).trimmingWhitespace().isEmpty else {
            throw HavenError.invalid("body", "Write the summary first")
        }
        guard bodyHTML.utf8.count <= 65_535 else { throw HavenError.invalid("body", "It should be at most 65,535 bytes") }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard let ticket = try await store.tickets.find(change.tenant, ticketID, on: change.sql)?.requireReadable(), !ticket.deleted
            else {
                throw HavenError.notFound
            }
            guard let author = principal.agentID else { throw HavenError.accessDenied }
            let existing = try await store.summaries.find(change.tenant, ticket: ticketID, on: change.sql)
            var summary: TicketSummary
            if let existing {
                summary = existing
            } else {
                summary = TicketSummary(
                    tenantID: change.tenant, ticketID: ticketID, id: try await IDSequences.next("ticket_summaries", on: change.sql),
                    bodyHTML: bodyHTML, userID: author, at: change.now)
            }
            summary.bodyHTML = bodyHTML
            summary.userID = author
            summary.updatedAt = change.now
            try await store.summaries.save(summary, on: change.sql)
            try await change.record(.ticketSummaryWritten, .ticket(ticket.id), details: ["replaced": .bool(existing != nil)])
            return summary
        }
    }

    public func delete(_ ticketID: TicketID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard try await store.tickets.find(change.tenant, ticketID, on: change.sql) != nil,
                try await store.summaries.find(change.tenant, ticket: ticketID, on: change.sql) != nil
            else { throw HavenError.notFound }
            try await store.summaries.delete(change.tenant, ticket: ticketID, on: change.sql)
            try await change.record(.ticketSummaryDeleted, .ticket(ticketID))
        }
    }
}
