public import HavenCore
import HavenStore

/// Changes a ticket field's settings. One transaction with its `ticket_field.updated` entry; the tenant's field
/// cache is refreshed.
public struct UpdateTicketField: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(
        _ id: TicketFieldID,
        _ changes: TicketFieldChanges,
        fieldErrors: [FieldError] = [],
        by principal: Principal
    ) async throws -> TicketField {
        let store = self.helpdesk.store
        let field = try await self.helpdesk.change(by: principal, needs: .manageFields) { change in
            guard var field = try await store.ticketFields.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            let previous = field
            var errors = fieldErrors
            changes.apply(to: &field, errors: &errors)
            if !errors.isEmpty { throw HavenError.validation(errors) }
            field.updatedAt = change.now
            try await store.ticketFields.update(field, on: change.sql)
            try await change.record(.ticketFieldUpdated, .ticketField(id), before: .ticketField(previous), after: .ticketField(field))
            return field
        }
        return field
    }
}
