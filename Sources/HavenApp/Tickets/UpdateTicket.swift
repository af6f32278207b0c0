public import HavenCore
import HavenStore

/// Changes a live ticket's fields, requester or custom values; the lifecycle stats follow the status. One
/// transaction with its `ticket.updated` entry.
public struct UpdateTicket: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// - Parameter fieldErrors: problems the channel already found in the input; reported together with the
    ///   reference checks, so a client sees every problem at once.
    public func callAsFunction(
        _ id: TicketID,
        _ changes: TicketChanges,
        requester: RequesterReference?,
        fieldErrors: [FieldError] = [],
        ifVersion expectedVersion: String? = nil,
        by principal: Principal
    ) async throws -> TicketDetails {
        try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            try await self.update(id, changes, requester: requester, fieldErrors: fieldErrors, ifVersion: expectedVersion, in: change)
        }
    }

    /// The update inside `change`: what the API and console share, and what a scenario runs with its other actions in
    /// one transaction.
    func update(
        _ id: TicketID, _ changes: TicketChanges, requester: RequesterReference?, fieldErrors: [FieldError] = [],
        ifVersion expectedVersion: String? = nil, in change: Change
    ) async throws -> TicketDetails {
        let store = self.helpdesk.store
        let rules = TicketRules(store: store)
        guard var ticket = try await store.tickets.find(change.tenant, id, on: change.sql)?.requireReadable() else {
            throw HavenError.notFound
        }
        let previous = ticket
        // A form shown before someone else's change does not overwrite it.
        if let expectedVersion, try await RecordVersion.of(ticket, store: store, on: change.sql) != expectedVersion {
            throw RecordVersion.changed
        }
        guard !ticket.deleted, !ticket.spam else {
            throw HavenError.methodNotAllowed(
                message: "A ticket in the trash or marked as spam cannot be updated; restore it first", allow: ["GET"])
        }
        let definitions = try await store.ticketFields.all(change.tenant, on: change.sql)
        let custom = TicketRules.customDefinitions(definitions)
        var errors = fieldErrors
        var customValues = changes.customFields.map {
            CustomFieldValidator.validate($0, definitions: custom, errors: &errors)
        }
        var secure: [(String, String?)] = []
        if customValues != nil { secure = SecureFields.split(&customValues!, custom: custom) }
        try await rules.checkReferences(changes, definitions: definitions, tenant: change.tenant, errors: &errors, on: change.sql)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        if let requester {
            ticket.requesterID = try await rules.resolveRequester(requester, in: change).id
        }
        changes.apply(to: &ticket)
        if let description = changes.description { ticket.description = description ?? "" }
        if let customValues { ticket.customFields = CustomFieldValidator.merge(ticket.customFields, customValues) }
        let masked = try await CardMasks(store: store).apply(to: &ticket)
        try TicketRules.checkClosure(ticket, custom: custom)
        ticket.stats = TicketLifecycle.apply(
            .statusChanged(from: previous.status, to: ticket.status), to: ticket.stats, at: change.now)
        let sla = try await store.sla.current(change.tenant, on: change.sql)
        ticket = SLAClock.apply(.changed, before: previous, to: ticket, setup: sla, now: change.now)
        ticket.updatedAt = change.now
        try await store.tickets.update(ticket, previous: previous, on: change.sql)
        let secured = try await SecureFields.apply(secure, to: ticket, in: change, store: store)
        try await change.record(
            .ticketUpdated, .ticket(id), before: .ticket(previous), after: .ticket(ticket),
            context: CardMasks.context(masked) + secured)
        return TicketDetails(ticket: ticket, customFields: custom)
    }
}
