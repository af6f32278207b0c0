public import HavenCore
import HavenCrypto
import HavenStore

/// A short fingerprint of a record's editable state, carried by an edit form so a save made over someone else's
/// change is noticed (timestamps have one-second resolution; the fingerprint catches changes within a second).
/// Derived from the same field list the audit log compares, so every field a change can touch counts.
public enum RecordVersion {
    /// A ticket's version counts its newest conversation too: a reply within the same second changes it.
    public static func of(_ ticket: Ticket, latestConversation: ConversationID?) -> String {
        self.digest(AuditSnapshot.ticket(ticket).fields, ticket.updatedAt, "\(latestConversation?.rawValue ?? 0)")
    }

    /// The version of the ticket as stored now, inside a read or a change.
    static func of(_ ticket: Ticket, store: Store, on sql: SQLExecutor) async throws -> String {
        self.of(ticket, latestConversation: try await store.conversations.latestID(ticket.tenantID, ticket: ticket.id, on: sql))
    }

    public static func of(_ contact: Contact) -> String {
        self.digest(AuditSnapshot.contact(contact).fields, contact.updatedAt)
    }

    static func digest(_ fields: JSONObject, _ updatedAt: Timestamp, _ extra: String = "") -> String {
        String(SecretTokens.hash(JSONWriter.string(.object(fields)) + "|" + updatedAt.iso8601 + "|" + extra).prefix(20))
    }

    /// The answer when the record changed since the form was shown (nothing is written).
    static let changed = HavenError.conflict([
        FieldError(
            field: "version",
            message: "Someone else changed this while you had it open. It is shown as it is now: make your change again.",
            code: .inconsistentState)
    ])
}
