public import HavenCore
import HavenStore

/// "Delete forever": removes the contact and every ticket it requested (with their conversations) and erases the
/// person's key, so their data is unreadable in every copy, backups included (crypto-shredding). One transaction
/// with its `contact.hard_deleted` entry and its signed deletion receipt (`DeletionReceipt`, no personal data).
public struct EraseContact: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// - Parameter force: erase a contact that was not soft-deleted first.
    /// Returns the receipt's id.
    @discardableResult
    public func callAsFunction(_ id: UserID, force: Bool, by principal: Principal) async throws -> String {
        let store = self.helpdesk.store
        try principal.require(.eraseContacts)
        // Loaded before the change: the key's first use writes the keystore in a transaction of its own.
        let signer = try await ReceiptSigner.load(store)
        return try await self.helpdesk.change(by: principal, needs: .eraseContacts) { change in
            guard let contact = try await store.contacts.findContact(change.tenant, id, on: change.sql) else {
                throw HavenError.notFound
            }
            guard contact.deleted || force else {
                throw HavenError.validation([
                    FieldError(
                        field: "force", message: "The contact must be deleted first, or force=true given, to delete it permanently",
                        code: .inconsistentState)
                ])
            }
            let versions = try await store.keys.subjectKeyVersions(change.tenant, id.rawValue, on: change.sql)
            let tickets = try await store.tickets.deleteAll(change.tenant, requester: id, on: change.sql)
            try await store.contacts.delete(change.tenant, id, on: change.sql)
            let receipt = try await signer.issue(
                .contactErased, tenant: change.tenant, deleted: [("contacts", 1), ("tickets", tickets)], keys: [("person key", versions)],
                at: change.now, store: store, on: change.sql)
            try await change.record(
                .contactHardDeleted, .contact(id),
                details: [
                    "tickets_deleted": .int(tickets), "forced": .bool(!contact.deleted), "key_erased": true,
                    "receipt": .string(receipt.id),
                ])
            return receipt.id
        }
    }
}
