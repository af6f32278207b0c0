public import HavenCore
import HavenStore

/// Moves a contact to "Deleted contacts" (soft delete), from where it can be restored or deleted forever.
public struct DeleteContact: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: UserID, by principal: Principal) async throws {
        try await SetContactDeleted(helpdesk: self.helpdesk)(id, deleted: true, by: principal)
    }
}

/// Takes a contact back out of "Deleted contacts".
public struct RestoreContact: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: UserID, by principal: Principal) async throws {
        try await SetContactDeleted(helpdesk: self.helpdesk)(id, deleted: false, by: principal)
    }
}

/// The soft-delete flag, set or cleared in one transaction with its `contact.deleted` or `contact.restored` entry.
struct SetContactDeleted: Sendable {
    let helpdesk: Helpdesk

    func callAsFunction(_ id: UserID, deleted: Bool, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .deleteContacts) { change in
            guard var contact = try await store.contacts.findContact(change.tenant, id, on: change.sql), contact.deleted != deleted
            else { throw HavenError.notFound }
            contact.deleted = deleted
            contact.updatedAt = change.now
            try await store.contacts.update(contact, on: change.sql)
            try await change.record(deleted ? .contactDeleted : .contactRestored, .contact(id))
        }
    }
}
