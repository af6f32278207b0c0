/// A knowledge-base article. Articles are the tenant's public content, kept in clear (searchable with the database's
/// own word index); drafts are shown to agents only, never on the portal.
public struct SolutionArticle: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: SolutionArticleID
    public var folderID: SolutionFolderID
    /// The category of its folder (derived when read; not stored on the article).
    public var categoryID: SolutionCategoryID
    public var title: String
    /// The body as written, HTML; shown on the portal only through `SafeHTML`.
    public var descriptionHTML: String {
        didSet { self.descriptionText = Self.text(of: self.descriptionHTML) }
    }
    /// The body without markup — and without what `SafeHTML` drops (a script's or style's content is not text a reader
    /// sees): Freshdesk's `description_text`, the portal's snippets, and what the word index reads. Kept beside the
    /// HTML (and stored), so lists do not sanitize every article they show.
    public private(set) var descriptionText: String
    public var status: Status
    public var type: Kind
    public var agentID: UserID?
    public var tags: [String]
    public var seo: SEO
    public var hits: Int64 = 0
    public var thumbsUp: Int64 = 0
    public var thumbsDown: Int64 = 0
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public enum Status: Int64, Sendable, CaseIterable {
        case draft = 1
        case published = 2
    }

    /// Freshdesk's article types: a permanent answer, or a workaround until a fix.
    public enum Kind: Int64, Sendable, CaseIterable {
        case permanent = 1
        case workaround = 2
    }

    /// What search engines and the page title read.
    public struct SEO: Sendable, Equatable {
        public var metaTitle: String?
        public var metaDescription: String?
        public var metaKeywords: String?

        public init(metaTitle: String? = nil, metaDescription: String? = nil, metaKeywords: String? = nil) {
            self.metaTitle = metaTitle
            self.metaDescription = metaDescription
            self.metaKeywords = metaKeywords
        }
    }

    public init(
        tenantID: TenantID, id: SolutionArticleID, folderID: SolutionFolderID, categoryID: SolutionCategoryID, title: String,
        descriptionHTML: String, descriptionText: String? = nil, status: Status, at now: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.folderID = folderID
        self.categoryID = categoryID
        self.title = title
        self.descriptionHTML = descriptionHTML
        self.descriptionText = descriptionText ?? Self.text(of: descriptionHTML)
        self.status = status
        self.type = .permanent
        self.tags = []
        self.seo = SEO()
        self.createdAt = now
        self.updatedAt = now
    }

    public static func text(of html: String) -> String { HTMLText.plainText(SafeHTML.sanitize(html)) }
}
