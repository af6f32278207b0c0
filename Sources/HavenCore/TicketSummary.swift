/// A ticket's summary (Freshdesk's `tickets/{id}/summary`): one agent-written overview per ticket, kept with the
/// ticket's thread (sealed under the requester's key, moved with it, gone with it).
public struct TicketSummary: Sendable, Equatable {
    public var tenantID: TenantID
    public var ticketID: TicketID
    /// The summary's own id (Freshdesk shows one).
    public var id: Int64
    public var bodyHTML: String
    public var userID: UserID
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, ticketID: TicketID, id: Int64, bodyHTML: String, userID: UserID, at now: Timestamp) {
        self.tenantID = tenantID
        self.ticketID = ticketID
        self.id = id
        self.bodyHTML = bodyHTML
        self.userID = userID
        self.createdAt = now
        self.updatedAt = now
    }
}
