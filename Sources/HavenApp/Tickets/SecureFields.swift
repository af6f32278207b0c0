import HavenCore
import HavenStore

/// Secure ticket fields (`secure_text`): a value a form asks for that must not live with the ticket — a card number
/// for a refund, an account password for a migration. It is split off the ticket's custom fields before anything is
/// stored, sealed under a key of its own (`SecureValueRepository`), shown only to agents allowed to see secure fields,
/// never masked, indexed, exported or written to the audit log, and destroyed — key first, then value — in the same
/// transaction that resolves or closes its ticket.
enum SecureFields {
    /// Removes the secure fields' values from `values` and returns them (nil: clear the value).
    static func split(_ values: inout JSONObject, custom: [String: TicketField]) -> [(String, String?)] {
        var secure: [(String, String?)] = []
        var kept = JSONObject()
        for (name, value) in values {
            if custom[name]?.customType == .secure {
                secure.append((name, value.stringValue))
            } else {
                kept.append(name, value)
            }
        }
        values = kept
        return secure
    }

    /// After the ticket is written in `change`: stores `secure`, or, when the ticket is now resolved or closed,
    /// destroys every secure value it has (and stores none). Returns what the audit entry says of it: names and
    /// counts, never a value.
    static func apply(_ secure: [(String, String?)], to ticket: Ticket, in change: Change, store: Store) async throws -> [(
        String, JSONValue
    )] {
        if ticket.status == .resolved || ticket.status == .closed {
            let destroyed = try await store.secureValues.destroy(change.tenant, ticket: ticket.id, on: change.sql)
            return destroyed > 0 ? [("secure_values_destroyed", .int(Int64(destroyed)))] : []
        }
        guard !secure.isEmpty else { return [] }
        try await store.secureValues.set(change.tenant, ticket: ticket.id, secure, at: change.now, on: change.sql)
        return [("secure_fields_set", .strings(secure.map(\.0)))]
    }

    /// The ticket's secure values for a principal allowed to see them; nil for anyone else (the values stay closed).
    static func reveal(_ ticket: TicketID, to principal: Principal, store: Store, on sql: SQLExecutor) async throws -> [String: String]? {
        guard AccessPolicy.allows(principal.kind, .viewSecureFields) else { return nil }
        return try await store.secureValues.values(principal.tenant, ticket: ticket, on: sql)
    }
}
