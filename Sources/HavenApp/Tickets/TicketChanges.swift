public import HavenCore

/// The ticket fields a create or update may set, already checked for shape by the channel that read them. A
/// double optional distinguishes "not given" (nil) from "cleared" (`.some(nil)`).
public struct TicketChanges: Sendable {
    public var subject: String??
    public var description: String??
    public var status: TicketStatus?
    public var priority: TicketPriority?
    public var source: TicketSource?
    public var type: String??
    public var tags: [String]?
    public var ccEmails: [String]?
    public var responderID: UserID??
    public var groupID: GroupID??
    public var companyID: CompanyID??
    public var productID: Int64??
    public var emailConfigID: Int64??
    public var dueBy: Timestamp??
    public var frDueBy: Timestamp??
    /// Custom field values by name (`null` clears one); checked against the tenant's definitions.
    public var customFields: JSONObject?

    public init() {}

    func apply(to ticket: inout Ticket) {
        if let subject = self.subject { ticket.subject = subject }
        if let status = self.status { ticket.status = status }
        if let priority = self.priority { ticket.priority = priority }
        if let source = self.source { ticket.source = source }
        if let type = self.type { ticket.type = type }
        if let tags = self.tags { ticket.tags = tags }
        if let cc = self.ccEmails { ticket.ccEmails = cc }
        if let responder = self.responderID { ticket.responderID = responder }
        if let group = self.groupID { ticket.groupID = group }
        if let company = self.companyID { ticket.companyID = company }
        if let product = self.productID { ticket.productID = product }
        if let emailConfig = self.emailConfigID { ticket.emailConfigID = emailConfig }
        // A date set by a person stays where they put it; clearing it hands it back to the SLA (`SLAClock`).
        if let dueBy = self.dueBy { (ticket.dueBy, ticket.sla.manualDueBy) = (dueBy, dueBy != nil) }
        if let frDueBy = self.frDueBy { (ticket.frDueBy, ticket.sla.manualFrDueBy) = (frDueBy, frDueBy != nil) }
    }
}

/// Who a ticket is for: an existing contact by id, or a person named by e-mail, phone, Twitter handle or external
/// id — found through the blind index, or created as a contact with the ticket (as Freshdesk does).
public enum RequesterReference: Sendable {
    case id(UserID)
    case email(String, name: String?)
    case phone(String, name: String)
    case twitter(String, name: String?)
    case externalID(String, name: String?)
}

/// A ticket with the tenant's custom field definitions it is shown with.
public struct TicketDetails: Sendable {
    public let ticket: Ticket
    public let customFields: [String: TicketField]
}
