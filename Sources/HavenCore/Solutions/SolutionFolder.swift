/// A knowledge-base folder in a category, or inside another folder (at most `maxDepth` deep). Who may read its
/// articles on the portal is its `visibility`, and that of every folder above it.
public struct SolutionFolder: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: SolutionFolderID
    public var categoryID: SolutionCategoryID
    public var parentID: SolutionFolderID?
    public var name: String
    public var description: String?
    public var visibility: FolderVisibility
    /// The companies whose contacts read it when `visibility` is `.companies`; empty otherwise.
    public var companyIDs: [CompanyID]
    public var articlesCount: Int64 = 0
    public var subFoldersCount: Int64 = 0
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// A folder, its sub-folders and theirs: five levels, as Freshdesk allows.
    public static let maxDepth = 5

    public init(
        tenantID: TenantID, id: SolutionFolderID, categoryID: SolutionCategoryID, parentID: SolutionFolderID?, name: String,
        description: String?, visibility: FolderVisibility, companyIDs: [CompanyID], at now: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.categoryID = categoryID
        self.parentID = parentID
        self.name = name
        self.description = description
        self.visibility = visibility
        self.companyIDs = companyIDs
        self.createdAt = now
        self.updatedAt = now
    }
}

/// Freshdesk's folder `visibility` codes that Haven serves (bots and segments, 5–7, are not Haven features).
public enum FolderVisibility: Int64, Sendable, CaseIterable {
    case everyone = 1
    case signedInCustomers = 2
    case agents = 3
    case companies = 4

    public var displayName: String {
        switch self {
        case .everyone: return "Everyone"
        case .signedInCustomers: return "Signed-in customers"
        case .agents: return "Agents only"
        case .companies: return "Selected companies"
        }
    }
}

/// Who is reading the knowledge base, for the folder visibility rules.
public enum KnowledgeReader: Sendable, Equatable {
    /// Someone on the portal who has not signed in.
    case visitor
    /// A signed-in customer and the companies they belong to.
    case customer(companies: Set<CompanyID>)
    /// An agent: every folder, drafts too.
    case agent

    /// Whether this reader may read a folder with these rules (the folder's own; callers check each folder above it).
    public func mayRead(_ visibility: FolderVisibility, companies: [CompanyID]) -> Bool {
        switch (self, visibility) {
        case (.agent, _), (_, .everyone): return true
        case (.customer, .signedInCustomers): return true
        case (.customer(let mine), .companies): return companies.contains { mine.contains($0) }
        case (.visitor, _), (.customer, .agents): return false
        }
    }

    /// Whether this reader may read a folder given the chain from it up to its top-level folder.
    public func mayRead(chain: [SolutionFolder]) -> Bool {
        chain.allSatisfy { self.mayRead($0.visibility, companies: $0.companyIDs) }
    }

    public var seesDrafts: Bool { self == .agent }
}
