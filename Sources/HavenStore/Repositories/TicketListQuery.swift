public import HavenCore

/// What a ticket list asks for: a filter, requesters, company, updated since, and the order.
public struct TicketListQuery: Sendable {
    public enum Filter: Sendable, Equatable {
        case newAndMyOpen(UserID)
        case watching
        case spam
        case deleted
    }

    public enum Order: String, Sendable, CaseIterable {
        case createdAt = "created_at"
        case dueBy = "due_by"
        case updatedAt = "updated_at"
        case status
    }

    public var filter: Filter?
    public var requesterIDs: [UserID]?
    public var companyID: CompanyID?
    public var updatedSince: Timestamp?
    public var order: Order = .createdAt
    public var descending = true
    /// Opens only the subject among the sealed columns (a list that shows no addresses or custom values): a page of
    /// fifty then decrypts fifty values, not three hundred.
    public var subjectsOnly = false

    public init() {}
}
