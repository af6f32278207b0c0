public import HavenCore
import HavenStore

/// Deletes a custom ticket field (default fields stay). Values already stored on tickets stay in their rows but
/// are no longer shown. One transaction with its `ticket_field.deleted` entry; the tenant's field cache is
/// refreshed.
public struct DeleteTicketField: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: TicketFieldID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageFields) { change in
            guard let field = try await store.ticketFields.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            guard !field.isDefault else {
                throw HavenError.validation([
                    FieldError(field: "id", message: "Default ticket fields cannot be deleted", code: .inconsistentState)
                ])
            }
            try await store.ticketFields.delete(change.tenant, id, on: change.sql)
            try await change.record(.ticketFieldDeleted, .ticketField(id), details: ["name": .string(field.name)])
        }
    }
}
