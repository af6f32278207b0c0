/// A ticket form field: the built-in ones (`requester`, `subject`, `status`, …) and the tenant's custom fields.
public struct TicketField: Sendable, Equatable {
    /// The custom field types Haven supports, with their Freshdesk type names.
    public enum CustomType: String, Sendable, CaseIterable {
        case text = "custom_text"
        case paragraph = "custom_paragraph"
        case number = "custom_number"
        case checkbox = "custom_checkbox"
        case dropdown = "custom_dropdown"
        case date = "custom_date"
        /// A value sealed under a key of its own, shown only to agents allowed to see it, destroyed when the ticket is
        /// resolved or closed (`SecureFields`).
        case secure = "secure_text"
    }

    public var tenantID: TenantID
    public var id: TicketFieldID
    public var name: String
    public var label: String
    public var description: String?
    public var type: String
    public var position: Int64
    public var isDefault: Bool
    public var requiredForClosure = false
    public var requiredForAgents = false
    public var requiredForCustomers = false
    public var customersCanEdit = false
    public var displayedToCustomers = false
    public var labelForCustomers: String
    public var choices: [String] = []
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        tenantID: TenantID,
        id: TicketFieldID,
        name: String,
        label: String,
        type: String,
        position: Int64,
        isDefault: Bool,
        createdAt: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.label = label
        self.type = type
        self.position = position
        self.isDefault = isDefault
        self.labelForCustomers = label
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    public var customType: CustomType? { CustomType(rawValue: self.type) }
}

/// A background job (bulk delete) as `GET /jobs/{id}` reports it.
public struct Job: Sendable, Equatable {
    public enum Status: String, Sendable {
        case queued = "QUEUED"
        case inProgress = "IN PROGRESS"
        case completed = "COMPLETED"
        case failed = "FAILED"
    }

    public var tenantID: TenantID
    public var id: String
    public var name: String
    public var status: Status
    public var progress: Int64
    public var requestedBy: UserID?
    public var payload: JSONObject
    public var result: JSONObject?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var statusUpdatedAt: Timestamp

    public init(tenantID: TenantID, id: String, name: String, payload: JSONObject, requestedBy: UserID?, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.status = .queued
        self.progress = 0
        self.requestedBy = requestedBy
        self.payload = payload
        self.createdAt = now
        self.updatedAt = now
        self.statusUpdatedAt = now
    }
}
