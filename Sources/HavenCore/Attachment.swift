/// A file on a ticket or one of its conversations (from mail, the API or the portal). The name and bytes are personal
/// data, sealed under the ticket requester's key; type and size are kept in clear for listings.
public struct Attachment: Sendable, Equatable {
    public let tenantID: TenantID
    public var id: AttachmentID
    public let ticketID: TicketID
    public var conversationID: ConversationID?
    public var name: String
    public var contentType: String
    public var size: Int64
    public var createdAt: Timestamp
    /// Set when the requester's key is gone (crypto-shredded): the name and bytes can no longer be read.
    public var unreadable: Unreadable?

    public init(
        tenantID: TenantID, id: AttachmentID, ticketID: TicketID, conversationID: ConversationID?, name: String,
        contentType: String, size: Int64, createdAt: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.ticketID = ticketID
        self.conversationID = conversationID
        self.name = name
        self.contentType = contentType
        self.size = size
        self.createdAt = createdAt
    }

    /// The type a download is served with: the types a browser shows without running anything keep theirs (images
    /// but SVG, PDF, plain text); everything else — HTML, SVG, scripts — is `application/octet-stream`.
    public var servedContentType: String {
        Self.safeTypes.contains(self.contentType.lowercased()) ? self.contentType.lowercased() : "application/octet-stream"
    }

    static let safeTypes: Set<String> = [
        "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv",
        "application/zip", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
}
