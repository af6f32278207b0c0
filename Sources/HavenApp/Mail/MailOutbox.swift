import HavenCore
import HavenMail
import HavenStore

/// What Haven mails, queued in the transaction of the change that causes it (so a rolled-back reply sends nothing
/// and a committed one is sent even after a crash): the message is composed here, recorded in the thread's
/// Message-IDs for threading, and signed and sent by the outbox service (which the caller wakes after the commit).
struct MailOutbox: Sendable {
    let helpdesk: Helpdesk

    /// Where a tenant's mail comes from (its chosen support address, else `{subdomain}@{mail domain}`) and how
    /// replies find their way back (always through the mail domain, which routes to Haven whatever the From says).
    struct Identity {
        let tenant: Tenant
        let mailDomain: String
        let sendingAddress: String?

        var address: String { self.sendingAddress ?? "\(self.tenant.subdomain)@\(self.mailDomain)" }
        var from: MailAddress { MailAddress(name: self.tenant.name, address: self.address) }

        func replyAddress(ticket: TicketID, token: String) -> MailAddress {
            MailAddress(name: self.tenant.name, address: "\(self.tenant.subdomain)+t.\(ticket.rawValue).\(token)@\(self.mailDomain)")
        }

        static func of(_ tenant: TenantID, _ helpdesk: Helpdesk, on sql: SQLExecutor) async throws -> Identity? {
            guard let found = try await helpdesk.store.tenants.find(tenant, on: sql) else { return nil }
            let settings = try await helpdesk.store.mail.settings(tenant, on: sql)
            return Identity(tenant: found, mailDomain: helpdesk.settings.mailDomain, sendingAddress: settings.sendingAddress)
        }
    }

    /// Queues an agent's public reply (or public note) to the requester (and a reply's CCs and BCCs), threaded under
    /// the ticket's earlier messages. Nothing is queued for a requester without an e-mail address.
    /// `files`: the reply's attachments, sent along.
    /// With an active survey, the mail ends with where to rate the answer: the ticket's page on the portal, where the
    /// customer, signed in, answers the survey (no bearer token in a mail that may be forwarded).
    func enqueueReply(_ conversation: Conversation, on ticket: Ticket, files: [FileUpload], in change: Change) async throws {
        var text = HTMLText.plainText(conversation.body)
        let store = self.helpdesk.store
        if try await store.surveys.surveys(change.tenant, on: change.sql).contains(where: \.active),
            let tenant = try await store.tenants.find(change.tenant, on: change.sql)
        {
            text += "\n\n--\nHow did we do? Rate this answer: \(self.helpdesk.settings.link(tenant, "/tickets/\(ticket.id.rawValue)#rate"))"
        }
        try await self.enqueue(
            .reply, on: ticket, text: text, cc: conversation.ccEmails, bcc: conversation.bccEmails, files: files,
            conversation: conversation.id, in: change)
    }

    /// Queues the notice of a note to the addresses its author named (`notify_emails`: usually colleagues), with
    /// the note and its files. Threaded like the ticket's mail: an answer from one of them comes back as a private
    /// note.
    func enqueueNoteNotice(_ conversation: Conversation, by author: Contact, on ticket: Ticket, files: [FileUpload], in change: Change)
        async throws
    {
        let who = author.name.isEmpty ? "An agent" : author.name
        let text =
            "\(who) added a \(conversation.isPrivate ? "private " : "")note to ticket #\(ticket.id.rawValue):\n\n"
            + HTMLText.plainText(conversation.body)
        try await self.enqueue(
            .noteNotice, on: ticket, text: text, cc: [], bcc: [], files: files, conversation: conversation.id,
            to: conversation.toEmails.map { MailAddress(name: nil, address: $0) }, in: change)
    }

    /// Queues the confirmation of a new ticket when the tenant wants one (`PortalSettings.acknowledgeNewTickets`). The
    /// caller has made sure the ticket did not come from a machine (`Auto-Submitted`, lists, bounces): no loops.
    func enqueueAcknowledgement(of ticket: Ticket, in change: Change) async throws {
        guard try await self.helpdesk.store.portal.settings(change.tenant, on: change.sql).acknowledgeNewTickets else { return }
        let subject = ticket.subject ?? ""
        let text = """
            We have received your request "\(subject)" and will get back to you as soon as we can. Its number is \(ticket.id.rawValue).

            To add anything, reply to this message.
            """
        try await self.enqueue(.acknowledgement, on: ticket, text: text, cc: [], bcc: [], files: [], conversation: nil, in: change)
    }

    /// `to`: the addressees; nil for the requester (nothing is queued when the requester has no address).
    private func enqueue(
        _ kind: OutboxMessage.Kind, on ticket: Ticket, text: String, cc: [String], bcc: [String], files: [FileUpload],
        conversation: ConversationID?, to: [MailAddress]? = nil, in change: Change
    ) async throws {
        let store = self.helpdesk.store
        let sql = change.sql
        guard let requester = try await store.contacts.find(change.tenant, ticket.requesterID, on: sql), requester.unreadable == nil,
            let identity = try await Identity.of(change.tenant, self.helpdesk, on: sql)
        else { return }
        let addressees = to ?? requester.email.map { [MailAddress(name: requester.name, address: $0)] } ?? []
        guard !addressees.isEmpty else { return }
        let indexes = try await store.keys.indexes(change.tenant, on: sql)
        let thread = try await store.mail.messageIDs(change.tenant, ticket: ticket.id, limit: 20, on: sql)
        let messageID = "\(store.random.hex(count: 16)).\(ticket.id.rawValue)@\(identity.mailDomain)"
        let subject = ticket.subject ?? ""
        var message = MessageComposer.Message(
            from: identity.from, to: addressees,
            subject: (subject.lowercased().hasPrefix("re:") ? subject : "Re: " + subject) + " [#\(ticket.id.rawValue)]",
            messageID: messageID, date: change.now.secondsSince1970, text: text)
        message.cc = cc.map { MailAddress(name: nil, address: $0) }
        message.replyTo = identity.replyAddress(ticket: ticket.id, token: indexes.replyToken(ticket: ticket.id))
        // It answers the customer's latest message; References carry the whole thread (Haven's own included).
        message.inReplyTo = thread.last(where: { !$0.outgoing })?.id ?? thread.last?.id
        message.references = thread.map(\.id)
        if kind == .acknowledgement { message.autoSubmitted = "auto-replied" }
        message.attachments = files
        let recipients = addressees.map(\.address) + cc + bcc
        let outgoing = OutboxMessage(
            tenantID: change.tenant, id: try await IDSequences.next("mail_outbox", on: sql), ticketID: ticket.id, kind: kind,
            ownerID: ticket.requesterID, sender: identity.address, recipients: recipients.filter(MailAddress.isPlausible),
            content: MessageComposer.compose(message), messageID: messageID, createdAt: change.now)
        try await store.mail.enqueue(outgoing, on: sql)
        _ = try await store.mail.record(
            change.tenant, messageID: messageID, digest: indexes.messageDigest(messageID), ticket: ticket.id,
            conversation: conversation, outgoing: true, at: change.now, on: sql)
    }

    /// Queues mail to a person about their account or their work (an invitation or reset link, an export that is
    /// ready): outside every ticket's thread, sealed under the person's key (erasing them stops it), marked
    /// auto-generated so that no auto-responder answers it. Nothing is queued for a person without an address.
    func enqueueNotice(_ kind: OutboxMessage.Kind, to person: Contact, subject: String, text: String, in change: Change) async throws {
        let store = self.helpdesk.store
        let sql = change.sql
        guard let email = person.email, person.unreadable == nil, MailAddress.isPlausible(email),
            let identity = try await Identity.of(change.tenant, self.helpdesk, on: sql)
        else { return }
        let messageID = "\(store.random.hex(count: 16))@\(identity.mailDomain)"
        var message = MessageComposer.Message(
            from: identity.from, to: [MailAddress(name: person.name, address: email)], subject: subject, messageID: messageID,
            date: change.now.secondsSince1970, text: text)
        message.autoSubmitted = "auto-generated"
        let outgoing = OutboxMessage(
            tenantID: change.tenant, id: try await IDSequences.next("mail_outbox", on: sql), ticketID: nil, kind: kind,
            ownerID: person.id, sender: identity.address, recipients: [email], content: MessageComposer.compose(message),
            messageID: messageID, createdAt: change.now)
        try await store.mail.enqueue(outgoing, on: sql)
    }
}
