public import HavenCore
import HavenStore

/// Queues the deletion of many tickets as a background job (`BulkDeleteJob`) and wakes the job runner; the job
/// trashes each ticket with its own entry. One transaction with the `ticket.bulk_delete_requested` entry.
public struct RequestBulkTicketDeletion: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ ids: [TicketID], by principal: Principal) async throws -> Job {
        guard !ids.isEmpty else {
            throw HavenError.validation([.invalid("ids", "It should contain at least one ticket id")])
        }
        let store = self.helpdesk.store
        let job = try await self.helpdesk.change(by: principal, needs: .deleteTickets) { change in
            let job = Job(
                tenantID: change.tenant,
                id: store.random.hex(count: 16),
                name: BulkDeleteJob.name,
                payload: JSONObject([("ids", .ids(ids))]),
                requestedBy: principal.agentID,
                at: change.now
            )
            try await store.jobs.insert(job, on: change.sql)
            try await change.record(.ticketBulkDeleteRequested, .job(job.id), details: ["ticket_ids": .ids(ids)])
            return job
        }
        self.helpdesk.jobs.notify()
        return job
    }
}
