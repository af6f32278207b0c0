public struct Ticket: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: TicketID
    public var subject: String?
    public var description: String
    public var status: TicketStatus = .open
    public var priority: TicketPriority = .low
    public var source: TicketSource = .portal
    public var type: String?
    public var requesterID: UserID
    public var responderID: UserID?
    public var groupID: GroupID?
    public var companyID: CompanyID?
    public var productID: Int64?
    public var emailConfigID: Int64?
    public var ccEmails: [String] = []
    public var fwdEmails: [String] = []
    public var replyCCEmails: [String] = []
    public var ticketCCEmails: [String] = []
    public var customFields = JSONObject()
    public var tags: [String] = []
    public var spam = false
    public var deleted = false
    public var deletedAt: Timestamp?
    public var frEscalated = false
    public var isEscalated = false
    public var nrEscalated = false
    public var dueBy: Timestamp?
    public var frDueBy: Timestamp?
    public var nrDueBy: Timestamp?
    /// What the SLA clock keeps beside the due dates (`SLAClock`).
    public var sla = TicketSLA()
    public var stats = TicketStats()
    public var createdAt: Timestamp
    /// Set when the sealed columns could not be opened (erased or damaged); they are then empty, never guessed.
    public var unreadable: Unreadable?
    public var updatedAt: Timestamp

    public init(
        tenantID: TenantID,
        id: TicketID,
        description: String,
        requesterID: UserID,
        createdAt: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.description = description
        self.requesterID = requesterID
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

public struct Conversation: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: ConversationID
    public var ticketID: TicketID
    public var userID: UserID?
    public var body: String
    public var incoming = false
    public var isPrivate = false
    public var source: Int64
    public var category: Int64
    public var fromEmail: String?
    public var toEmails: [String] = []
    public var ccEmails: [String] = []
    public var bccEmails: [String] = []
    public var supportEmail: String?
    public var createdAt: Timestamp
    /// Set when the sealed columns could not be opened (erased or damaged); they are then empty, never guessed.
    public var unreadable: Unreadable?
    public var updatedAt: Timestamp
    public var lastEditedAt: Timestamp?
    public var lastEditedUserID: UserID?

    public init(
        tenantID: TenantID,
        id: ConversationID,
        ticketID: TicketID,
        body: String,
        source: Int64,
        category: Int64,
        createdAt: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.ticketID = ticketID
        self.body = body
        self.source = source
        self.category = category
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    public static let replySource: Int64 = 0
    public static let noteSource: Int64 = 2
}
