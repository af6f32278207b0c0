import Crypto
public import HavenCore
import HavenCrypto
public import HavenMail
import HavenStore

/// Mail to a support address becoming tickets: routes the recipient to its tenant, threads a reply into the ticket
/// whose Message-IDs it names (within that tenant only), opens a ticket otherwise, matches or creates the sender as a
/// contact, and seals the attachments under the requester's key — the same ticket, contact and conversation rules
/// and audit entries as the portal, with the sender as the actor. Used by the LMTP listener and the HTTP relay alike.
public struct InboundMail: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public enum Outcome: Sendable, Equatable {
        case created(TicketID)
        case replied(TicketID, ConversationID)
        /// Mail from someone other than the requester on an existing thread: an incoming private note for the agents.
        case noted(TicketID, ConversationID)
        /// The same message (same Message-ID) was stored before: an MTA's retry, accepted without a second copy.
        case duplicate
        /// Accepted and deliberately not stored (a bounce that matches no ticket), with the reason for the log.
        case discarded(String)
    }

    /// Refusals a sender can act on (the listener answers them with a permanent 5xx).
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case noSender
        case tenantClosed

        public var description: String {
            switch self {
            case .noSender: return "The message names no sender address"
            case .tenantClosed: return "This helpdesk no longer receives mail"
            }
        }
    }

    public static let maxSubjectLength = 255

    /// The tenant a recipient address routes to: a registered support address, or `{subdomain}@{mail domain}`;
    /// either may carry a `+tag` (Haven's reply addresses). nil: not Haven's address — refused, never relayed.
    public func route(_ recipient: String) async throws -> TenantID? {
        let address = recipient.lowercased()
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        let base = local.split(separator: "+", maxSplits: 1).first.map(String.init) ?? String(local)
        let store = self.helpdesk.store
        return try await store.read { sql in
            if let tenant = try await store.mail.tenant(forAddress: "\(base)@\(domain)", on: sql) { return tenant }
            guard domain == self.helpdesk.settings.mailDomain,
                let tenant = try await store.tenants.find(subdomain: base, on: sql), tenant.status == .active
            else { return nil }
            return tenant.id
        }
    }

    /// Stores one message for `tenant` (already routed). Throws `Refusal` for mail that can never be stored, and
    /// anything else for a failure that may pass (the listener answers 4xx and the MTA retries).
    /// `recipient`: the address it was delivered to; a signed reply address (`sub+t.{ticket}.{token}@…`) threads.
    /// `envelopeSender`: the SMTP reverse path (empty for a bounce), nil when the channel does not know it (a relay).
    public func deliver(
        _ raw: [UInt8], tenant: TenantID, recipient: String? = nil, envelopeSender: String?, limits: ParsedMail.Limits = .init()
    ) async throws -> Outcome {
        let mail = ParsedMail(parsing: raw, limits: limits)
        let store = self.helpdesk.store
        // The Message-ID names the message across an MTA's retries; mail without one is named by its bytes.
        let messageID = mail.messageID ?? "sha256:" + Array(SHA256.hash(data: raw)).hexString
        // The author is who the message says it is from (Reply-To only when From is unreadable): no more forgeable
        // than From, and it keeps a Reply-To set by a mailing list or a web form from becoming the requester.
        let author = mail.from ?? mail.replyTo.first
        let senderAddress = author?.address ?? envelopeSender ?? ""
        let sender = senderAddress.trimmingWhitespace().lowercased()
        let bounce = envelopeSender?.isEmpty == true || mail.isBounce
        return try await store.write { sql in
            let now = self.helpdesk.clock.now()
            guard let tenantRecord = try await store.tenants.find(tenant, on: sql), tenantRecord.status == .active else {
                throw Refusal.tenantClosed
            }
            let indexes = try await store.keys.indexes(tenant, on: sql)
            let digest = indexes.messageDigest(messageID)
            if try await store.mail.isKnown(tenant, messageDigest: digest, on: sql) { return .duplicate }
            let threadIDs = (mail.inReplyTo + mail.references.reversed()).map(indexes.messageDigest)
            var ticket: Ticket?
            let byAddress = recipient.flatMap { Self.replyTicket($0, indexes: indexes) }
            if let id = try await byAddress.asyncOr({ try await store.mail.ticket(tenant, messageDigests: threadIDs, on: sql) }),
                let found = try await store.tickets.find(tenant, id, on: sql), found.unreadable == nil, !found.deleted
            {
                ticket = found
            }
            // Bounces and delivery reports never open tickets (nor, later, draw replies): no loops.
            if bounce { return .discarded(ticket == nil ? "bounce matching no ticket" : "bounce on ticket \(ticket!.id)") }
            guard EmailAddress.isValid(sender) else { throw Refusal.noSender }
            let lookup = Change(sql: sql, principal: Principal(tenant: tenant, kind: .job("email")), now: now, audit: store.audit)
            let (senderID, created) = try await TicketRules(store: store).resolveRequester(
                .email(sender, name: author?.name.map { String($0.prefix(255)) }), in: lookup)
            let change = Change(sql: sql, principal: Principal(tenant: tenant, kind: .contact(senderID)), now: now, audit: store.audit)
            let body = HTMLText.paragraphs(Self.text(of: mail))
            let outcome: Outcome
            var conversationID: ConversationID?
            if let existing = ticket {
                let fromRequester = existing.requesterID == senderID
                let conversation = try await AddConversation(helpdesk: self.helpdesk).add(
                    to: existing.id, author: senderID, action: fromRequester ? .ticketReplied : .ticketNoteAdded, requester: nil,
                    in: change
                ) { id, now in
                    var c = Conversation(
                        tenantID: tenant, id: id, ticketID: existing.id, body: body,
                        source: fromRequester ? Conversation.replySource : Conversation.noteSource, category: fromRequester ? 3 : 2,
                        createdAt: now)
                    c.fromEmail = sender
                    c.toEmails = mail.to.map(\.address)
                    c.ccEmails = mail.cc.map(\.address)
                    c.incoming = true
                    c.isPrivate = !fromRequester
                    return c
                }
                conversationID = conversation.id
                ticket = try await store.tickets.find(tenant, existing.id, on: sql)
                outcome = fromRequester ? .replied(existing.id, conversation.id) : .noted(existing.id, conversation.id)
            } else {
                var changes = TicketChanges()
                let subject = mail.subject.trimmingWhitespace()
                changes.subject = .some(subject.isEmpty ? "(no subject)" : String(subject.prefix(Self.maxSubjectLength)))
                changes.description = .some(body)
                changes.status = .open
                changes.priority = .low
                changes.source = .email
                let definitions = try await CreateTicket.definitions(store, tenant)
                let opened = try await CreateTicket(self.helpdesk).insert(
                    changes, for: .id(senderID), definitions: definitions, customValues: JSONObject(), requesterCreated: created,
                    in: change)
                ticket = opened
                outcome = .created(opened.id)
            }
            guard let ticket else { throw HavenError.internalFailure("the ticket of an inbound message vanished") }
            let files = mail.attachments.map { FileUpload(name: $0.filename, contentType: $0.contentType, data: $0.data) }
            try await AttachmentWriter(store: store).store(files, on: ticket, conversation: conversationID, in: change)
            _ = try await store.mail.record(
                tenant, messageID: messageID, digest: digest, ticket: ticket.id, conversation: conversationID, outgoing: false,
                at: now, on: sql)
            if case .created = outcome {
                // Never to a machine, nor to an address of Haven's own (a message from one tenant to another).
                var fromHaven = sender.hasSuffix("@" + self.helpdesk.settings.mailDomain)
                if !fromHaven { fromHaven = try await store.mail.tenant(forAddress: sender, on: sql) != nil }
                if !mail.isAutoSubmitted && !fromHaven {
                    try await MailOutbox(helpdesk: self.helpdesk).enqueueAcknowledgement(of: ticket, in: change)
                }
            }
            return outcome
        }
    }

    /// The ticket a signed reply address names (`local+t.{ticket}.{token}@…`), when its token is right.
    static func replyTicket(_ recipient: String, indexes: TenantIndexes) -> TicketID? {
        let local = recipient.lowercased().split(separator: "@").first ?? ""
        guard let tag = local.split(separator: "+", maxSplits: 1).dropFirst().first else { return nil }
        let parts = tag.split(separator: ".")
        guard parts.count == 3, parts[0] == "t", let number = Int64(parts[1]), number > 0 else { return nil }
        let ticket = TicketID(number)
        return ConstantTime.equal(Array(parts[2].utf8), Array(indexes.replyToken(ticket: ticket).utf8)) ? ticket : nil
    }

    /// The message's text, with what Haven could not keep said at its end (so an agent knows a file is missing).
    static func text(of mail: ParsedMail) -> String {
        var text = mail.text.isEmpty ? "(This message has no text.)" : mail.text
        if !mail.notes.isEmpty {
            text += "\n\n[Haven kept this message partly: " + mail.notes.joined(separator: "; ") + ".]"
        }
        return text
    }
}

extension Optional where Wrapped: Sendable {
    /// The value, or what `fallback` finds when there is none.
    fileprivate func asyncOr(_ fallback: () async throws -> Wrapped?) async rethrows -> Wrapped? {
        if let self { return self }
        return try await fallback()
    }
}
