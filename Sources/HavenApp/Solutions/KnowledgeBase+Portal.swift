public import HavenCore
public import HavenStore

/// The knowledge base as the portal shows it: published articles only, in the folders whose visibility — and every
/// folder's above them — opens to this reader (a visitor, or a signed-in customer and their companies). A folder or
/// article the reader may not see answers as if it did not exist.
extension KnowledgeBase {
    /// A category as a customer sees it: the top-level folders they may open.
    public struct Shelf: Sendable {
        public var category: SolutionCategory
        public var folders: [SolutionFolder]
    }

    /// A folder page: where it sits, the sub-folders the reader may open, and a page of its published articles.
    public struct FolderPage: Sendable {
        public var category: SolutionCategory
        public var folder: SolutionFolder
        /// The folders above it, from the top.
        public var path: [SolutionFolder]
        public var subFolders: [SolutionFolder]
        public var articles: Page<SolutionArticle>
    }

    /// An article with where it sits (for the breadcrumbs).
    public struct ArticlePage: Sendable {
        public var article: SolutionArticle
        public var category: SolutionCategory
        public var path: [SolutionFolder]
    }

    /// The portal's knowledge-base home: categories with at least one folder this reader may open.
    public func shelves(tenant: TenantID, contact: UserID?) async throws -> [Shelf] {
        let store = self.helpdesk.store
        return try await store.read { sql in
            let readable = try await self.readable(tenant, contact, sql)
            return try await store.solutions.categories(tenant, on: sql).compactMap { category in
                let folders = readable.filter { $0.categoryID == category.id && $0.parentID == nil }
                return folders.isEmpty ? nil : Shelf(category: category, folders: folders)
            }
        }
    }

    public func folderPage(_ id: SolutionFolderID, page: PageRequest, tenant: TenantID, contact: UserID?) async throws -> FolderPage {
        let store = self.helpdesk.store
        return try await store.read { sql in
            let tree = FolderTree(try await store.solutions.folders(tenant, on: sql))
            let reader = try await self.reader(tenant, contact, sql)
            guard tree[id] != nil, reader.mayRead(chain: tree.chain(id)), let folder = tree[id],
                let category = try await store.solutions.category(tenant, folder.categoryID, on: sql)
            else { throw HavenError.notFound }
            return FolderPage(
                category: category, folder: folder, path: tree.chain(id).dropFirst().reversed(),
                subFolders: tree.subFolders(of: id).filter { reader.mayRead($0.visibility, companies: $0.companyIDs) },
                articles: try await store.solutions.articles(tenant, in: [id], publishedOnly: true, page: page, on: sql))
        }
    }

    /// A published article the reader may see; the reading is counted in its `hits`.
    public func read(_ id: SolutionArticleID, tenant: TenantID, contact: UserID?) async throws -> ArticlePage {
        let store = self.helpdesk.store
        return try await store.write { sql in
            let tree = FolderTree(try await store.solutions.folders(tenant, on: sql))
            let reader = try await self.reader(tenant, contact, sql)
            guard var article = try await store.solutions.article(tenant, id, on: sql), article.status == .published,
                reader.mayRead(chain: tree.chain(article.folderID)),
                let category = try await store.solutions.category(tenant, article.categoryID, on: sql)
            else { throw HavenError.notFound }
            try await store.solutions.count(.hits, tenant, id, on: sql)
            article.hits += 1
            return ArticlePage(article: article, category: category, path: tree.chain(article.folderID).reversed())
        }
    }

    /// A reader's "was this helpful?": counted as a thumb up or down (statistics, no audit entry).
    public func vote(_ id: SolutionArticleID, helpful: Bool, tenant: TenantID, contact: UserID?) async throws {
        let store = self.helpdesk.store
        try await store.write { sql in
            let tree = FolderTree(try await store.solutions.folders(tenant, on: sql))
            let reader = try await self.reader(tenant, contact, sql)
            guard let article = try await store.solutions.article(tenant, id, on: sql), article.status == .published,
                reader.mayRead(chain: tree.chain(article.folderID))
            else { throw HavenError.notFound }
            try await store.solutions.count(helpful ? .thumbsUp : .thumbsDown, tenant, id, on: sql)
        }
    }

    /// Published articles this reader may see that match the words typed, best first: the portal's search, and the
    /// suggestions shown while a customer types a new ticket's subject. Nothing searchable typed: no articles.
    public func find(_ term: String, limit: Int, tenant: TenantID, contact: UserID?) async throws -> [SolutionArticle] {
        let words = ArticleSearchTerms.words(term)
        guard !words.isEmpty else { return [] }
        let store = self.helpdesk.store
        return try await store.read { sql in
            let folders = try await self.readable(tenant, contact, sql).map(\.id)
            return try await store.solutions.search(tenant, words: words, in: folders, publishedOnly: true, limit: limit, on: sql)
        }
    }

    private func readable(_ tenant: TenantID, _ contact: UserID?, _ sql: SQLExecutor) async throws -> [SolutionFolder] {
        let tree = FolderTree(try await self.helpdesk.store.solutions.folders(tenant, on: sql))
        return tree.readable(by: try await self.reader(tenant, contact, sql))
    }

    private func reader(_ tenant: TenantID, _ contact: UserID?, _ sql: SQLExecutor) async throws -> KnowledgeReader {
        try await AudienceRules.reader(tenant, contact, store: self.helpdesk.store, on: sql)
    }
}
