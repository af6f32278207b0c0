/// A folder of canned responses (Freshdesk's `canned_response_folders`): shared by the tenant's agents.
public struct CannedFolder: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: CannedFolderID
    public var name: String
    public var responsesCount: Int64 = 0
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: CannedFolderID, name: String, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.createdAt = now
        self.updatedAt = now
    }
}

/// A canned response: a reply an agent inserts instead of typing it, with placeholders (`CannedPlaceholders`) filled
/// from the ticket it answers.
public struct CannedResponse: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: CannedResponseID
    public var folderID: CannedFolderID
    public var title: String
    public var contentHTML: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        tenantID: TenantID, id: CannedResponseID, folderID: CannedFolderID, title: String, contentHTML: String, at now: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.folderID = folderID
        self.title = title
        self.contentHTML = contentHTML
        self.createdAt = now
        self.updatedAt = now
    }
}
