import HavenCore
import HavenStore

/// Stores the files of a change — a new ticket's, a reply's, a note's, a mail's — in that change's transaction,
/// sealed under the ticket requester's key: what the API, the console and the mail channel share.
struct AttachmentWriter: Sendable {
    let store: Store

    /// Checks what the caller may not send: too many files, or one above the size limit (a 400 naming the file).
    static func check(_ files: [FileUpload], maxBytes: Int) throws {
        if files.count > FileUpload.maxPerChange {
            throw HavenError.invalid("attachments", "Has \(files.count) files, it can have maximum of \(FileUpload.maxPerChange)")
        }
        for file in files where file.data.count > maxBytes {
            throw HavenError.invalid("attachments", "\(file.name) is \(file.data.count) bytes, larger than the limit of \(maxBytes)")
        }
    }

    func store(_ files: [FileUpload], on ticket: Ticket, conversation: ConversationID?, in change: Change) async throws {
        for file in files {
            let attachment = Attachment(
                tenantID: change.tenant, id: AttachmentID(try await IDSequences.next("attachments", on: change.sql)), ticketID: ticket.id,
                conversationID: conversation, name: file.name, contentType: file.contentType, size: Int64(file.data.count),
                createdAt: change.now)
            try await self.store.attachments.insert(attachment, data: file.data, ticket: ticket, on: change.sql)
        }
    }
}
