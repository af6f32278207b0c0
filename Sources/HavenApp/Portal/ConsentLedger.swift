public import HavenCore
import HavenStore

/// The consent ledger (people.md §3): every consent given or withdrawn, with the text version and its hash, the time,
/// the source address (sealed under the person's key) and the channel. Agents read a contact's records; an
/// integration records consent it collected through the API; the portal and widget record it with the ticket.
public struct ConsentLedger: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// A ledger entry with the wording it refers to.
    public struct Entry: Sendable {
        public let record: ConsentRecord
        public let text: ConsentText?
    }

    /// A contact's records, newest first; 404 for an unknown or deleted-forever contact.
    public func list(_ contact: UserID, by principal: Principal) async throws -> [Entry] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.contacts.findContact(principal.tenant, contact, on: sql) != nil else { throw HavenError.notFound }
            let texts = Dictionary(
                try await store.portal.consentTexts(principal.tenant, on: sql).map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
            return try await store.consents.list(principal.tenant, contact: contact, on: sql).map {
                Entry(record: $0, text: texts[$0.version])
            }
        }
    }

    /// Records consent an integration collected (`POST /api/v2/contacts/{id}/consents`): given or withdrawn, for a
    /// text version (the current one when nil).
    public func record(_ contact: UserID, given: Bool, version: Int64?, by principal: Principal) async throws -> ConsentRecord {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageContacts) { change in
            guard try await store.contacts.findContact(change.tenant, contact, on: change.sql)?.requireReadable() != nil else {
                throw HavenError.notFound
            }
            let text: ConsentText
            if let version {
                guard let found = try await store.portal.consentText(change.tenant, version: version, on: change.sql) else {
                    throw HavenError.invalid("version", "There is no consent text version \(version)")
                }
                text = found
            } else {
                guard let current = try await store.portal.currentConsentText(change.tenant, on: change.sql) else {
                    throw HavenError.invalid("version", "This helpdesk has no consent text yet; an admin writes it in the console")
                }
                text = current
            }
            return try await Self.record(contact, given: given, text: text, channel: .api, store: store, in: change)
        }
    }

    /// The signed-in customer's own records, newest first, and the current text (what they would agree to now).
    public func mine(by principal: Principal) async throws -> (entries: [Entry], current: ConsentText?) {
        guard case .contact(let contact) = principal.kind else { throw HavenError.accessDenied }
        let store = self.helpdesk.store
        return try await store.read { sql in
            let texts = try await store.portal.consentTexts(principal.tenant, on: sql)
            let byVersion = Dictionary(texts.map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
            let entries = try await store.consents.list(principal.tenant, contact: contact, on: sql).map {
                Entry(record: $0, text: byVersion[$0.version])
            }
            return (entries, texts.first)
        }
    }

    /// The customer gives (to the current text) or withdraws consent themselves, on the portal.
    public func decide(given: Bool, by principal: Principal) async throws -> ConsentRecord {
        let store = self.helpdesk.store
        return try await self.helpdesk.customerChange(by: principal) { change, contact in
            guard let text = try await store.portal.currentConsentText(change.tenant, on: change.sql) else {
                throw HavenError.invalid("consent", "There is no consent text to agree to")
            }
            return try await Self.record(contact, given: given, text: text, channel: .portal, store: store, in: change)
        }
    }

    /// Adds one record and its audit entry inside `change` (the same transaction as the ticket it came with).
    static func record(
        _ contact: UserID, given: Bool, text: ConsentText, channel: ConsentChannel, store: Store, in change: Change
    ) async throws -> ConsentRecord {
        let record = ConsentRecord(
            tenantID: change.tenant, id: try await IDSequences.next("consents", on: change.sql), contactID: contact,
            version: text.version, sha256: text.sha256, given: given, channel: channel, recordedAt: change.now,
            sourceIP: change.principal.sourceIP)
        try await store.consents.insert(record, on: change.sql)
        try await change.record(
            given ? .consentGiven : .consentWithdrawn, .contact(contact),
            details: ["version": .int(text.version), "channel": .string(channel.rawValue)])
        return record
    }
}
