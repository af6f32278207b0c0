public import HavenCore
import HavenStore

/// Adds a contact, its personal fields sealed under a key of its own. One transaction with its `contact.created`
/// entry.
public struct CreateContact: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ changes: ContactChanges, by principal: Principal) async throws -> Contact {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageContacts) { change in
            var contact = Contact(tenantID: change.tenant, id: UserID(0), name: "", createdAt: change.now)
            changes.apply(to: &contact)
            contact.customFields = try await RecordFields.values(
                changes.customFields, stored: contact.customFields, creating: true, entity: .contact, store: store, change: change)
            try await ContactRules(store: store).validate(contact, on: change.sql)
            contact.id = UserID(try await IDSequences.next("users", on: change.sql))
            try await store.contacts.insert(contact, on: change.sql)
            try await change.record(.contactCreated, .contact(contact.id), before: nil, after: .contact(contact))
            return contact
        }
    }
}
