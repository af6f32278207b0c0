/// A user of a tenant's help desk: a customer contact, or (with `isAgent`) the user record behind an agent.
public struct Contact: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: UserID
    public var name: String
    public var email: String?
    public var phone: String?
    public var mobile: String?
    public var twitterID: String?
    public var uniqueExternalID: String?
    public var otherEmails: [String] = []
    public var companyID: CompanyID?
    public var viewAllTickets = false
    public var otherCompanies: [CompanyID] = []
    public var address: String?
    public var description: String?
    public var jobTitle: String?
    public var language = "en"
    public var timeZone: String?
    public var tags: [String] = []
    public var customFields = JSONObject()
    public var active = false
    public var deleted = false
    public var blocked = false
    public var isAgent = false
    public var createdAt: Timestamp
    /// Set when the sealed columns could not be opened (erased or damaged); they are then empty, never guessed.
    public var unreadable: Unreadable?
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: UserID, name: String, createdAt: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
