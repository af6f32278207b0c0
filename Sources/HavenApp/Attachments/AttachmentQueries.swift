public import HavenCore
import HavenStore

/// Reading ticket files: the list of a ticket's files (names, types, sizes) and one file's bytes. Agents who may read
/// the helpdesk see every file of the tenant's tickets; a customer only the files of their own tickets that are not
/// on a private note. Anything else is 404, never a hint that the file exists.
public struct AttachmentQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// Every file of a ticket and its conversations, oldest first.
    public func list(ticket id: TicketID, by principal: Principal) async throws -> [Attachment] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.tickets.find(principal.tenant, id, on: sql) != nil else { throw HavenError.notFound }
            return try await store.attachments.list(principal.tenant, ticket: id, on: sql)
        }
    }

    /// One file and its bytes, for a download.
    public func download(_ id: AttachmentID, by principal: Principal) async throws -> (Attachment, [UInt8]) {
        let store = self.helpdesk.store
        let tenant = principal.tenant
        let read: @Sendable (SQLExecutor) async throws -> (Attachment, [UInt8]) = { sql in
            guard let (attachment, data) = try await store.attachments.content(tenant, id, on: sql) else { throw HavenError.notFound }
            if case .contact(let contact) = principal.kind {
                guard let ticket = try await store.tickets.find(tenant, attachment.ticketID, on: sql), ticket.requesterID == contact,
                    !ticket.deleted, !ticket.spam
                else { throw HavenError.notFound }
                if let conversationID = attachment.conversationID {
                    guard let conversation = try await store.conversations.find(tenant, conversationID, on: sql), !conversation.isPrivate
                    else { throw HavenError.notFound }
                }
            }
            return (attachment, data)
        }
        if case .contact = principal.kind { return try await store.read(read) }
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk, read)
    }
}
