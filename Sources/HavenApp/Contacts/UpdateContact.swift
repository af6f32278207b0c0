public import HavenCore
import HavenStore

/// Changes a live contact. One transaction with its `contact.updated` entry.
public struct UpdateContact: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: UserID, _ changes: ContactChanges, ifVersion expectedVersion: String? = nil, by principal: Principal)
        async throws -> Contact
    {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageContacts) { change in
            guard var contact = try await store.contacts.findContact(change.tenant, id, on: change.sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            // A form shown before someone else's change does not overwrite it.
            if let expectedVersion, RecordVersion.of(contact) != expectedVersion { throw RecordVersion.changed }
            guard !contact.deleted, !contact.blocked else {
                throw HavenError.methodNotAllowed(message: "A deleted or blocked contact cannot be updated", allow: ["GET"])
            }
            let previous = contact
            changes.apply(to: &contact)
            contact.customFields = try await RecordFields.values(
                changes.customFields, stored: contact.customFields, creating: false, entity: .contact, store: store, change: change)
            try await ContactRules(store: store).validate(contact, on: change.sql)
            contact.updatedAt = change.now
            try await store.contacts.update(contact, on: change.sql)
            try await change.record(.contactUpdated, .contact(id), before: .contact(previous), after: .contact(contact))
            return contact
        }
    }
}
