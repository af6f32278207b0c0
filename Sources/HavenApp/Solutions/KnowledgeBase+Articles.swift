public import HavenCore
public import HavenStore

extension KnowledgeBase {
    /// What an article's create or update sets (nil: unchanged). `folderID` on an update moves the article.
    public struct ArticleChanges: Sendable {
        public var title: String?
        public var descriptionHTML: String?
        public var status: SolutionArticle.Status?
        public var type: SolutionArticle.Kind?
        public var tags: [String]?
        public var seo: SolutionArticle.SEO?
        public var folderID: SolutionFolderID?
        public var agentID: UserID??

        public init(
            title: String? = nil, descriptionHTML: String? = nil, status: SolutionArticle.Status? = nil, type: SolutionArticle.Kind? = nil,
            tags: [String]? = nil, seo: SolutionArticle.SEO? = nil, folderID: SolutionFolderID? = nil, agentID: UserID?? = nil
        ) {
            self.title = title
            self.descriptionHTML = descriptionHTML
            self.status = status
            self.type = type
            self.tags = tags
            self.seo = seo
            self.folderID = folderID
            self.agentID = agentID
        }
    }

    /// The largest article body: a long guide with tables, not a data dump.
    public static let maxArticleBytes = 512 * 1024

    /// A folder's articles, drafts included, most recently changed first.
    public func articles(in folder: SolutionFolderID, page: PageRequest, by principal: Principal) async throws -> Page<SolutionArticle> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard FolderTree(try await store.solutions.folders(principal.tenant, on: sql))[folder] != nil else { throw HavenError.notFound }
            return try await store.solutions.articles(principal.tenant, in: [folder], publishedOnly: false, page: page, on: sql)
        }
    }

    public func article(_ id: SolutionArticleID, by principal: Principal) async throws -> SolutionArticle {
        let store = self.helpdesk.store
        return try await self.helpdesk.find(by: principal) { sql in try await store.solutions.article(principal.tenant, id, on: sql) }
    }

    /// Articles matching the words typed, best first (agents: every folder, drafts too).
    public func search(_ term: String, limit: Int = 30, by principal: Principal) async throws -> [SolutionArticle] {
        let store = self.helpdesk.store
        let words = ArticleSearchTerms.words(term)
        guard !words.isEmpty else {
            throw HavenError.validation([.invalid("term", "Type at least one word to search for")])
        }
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            let folders = try await store.solutions.folders(principal.tenant, on: sql).map(\.id)
            return try await store.solutions.search(
                principal.tenant, words: words, in: folders, publishedOnly: false, limit: limit, on: sql)
        }
    }

    public func createArticle(in folderID: SolutionFolderID, _ changes: ArticleChanges, by principal: Principal) async throws
        -> SolutionArticle
    {
        let store = self.helpdesk.store
        var errors: [FieldError] = []
        if changes.title == nil { errors.append(.missing("title")) }
        if changes.descriptionHTML == nil { errors.append(.missing("description")) }
        if changes.status == nil { errors.append(.missing("status")) }
        errors += Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            guard let folder = FolderTree(try await store.solutions.folders(change.tenant, on: change.sql))[folderID] else {
                throw HavenError.notFound
            }
            var article = SolutionArticle(
                tenantID: change.tenant, id: SolutionArticleID(try await IDSequences.next("solution_articles", on: change.sql)),
                folderID: folderID, categoryID: folder.categoryID, title: changes.title!.trimmingWhitespace(),
                descriptionHTML: changes.descriptionHTML!, status: changes.status!, at: change.now)
            article.type = changes.type ?? .permanent
            article.tags = changes.tags ?? []
            article.seo = changes.seo ?? SolutionArticle.SEO()
            article.agentID = changes.agentID ?? principal.agentID
            try await self.checkAgent(article.agentID, change: change)
            try await store.solutions.insert(article, on: change.sql)
            try await change.record(
                .solutionArticleCreated, .solutionArticle(article.id),
                details: ["title": .string(article.title), "folder_id": .id(folderID), "status": .int(article.status.rawValue)])
            return article
        }
    }

    public func updateArticle(_ id: SolutionArticleID, _ changes: ArticleChanges, by principal: Principal) async throws -> SolutionArticle {
        let store = self.helpdesk.store
        let errors = Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            guard var article = try await store.solutions.article(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            let before = article
            if let folderID = changes.folderID, folderID != article.folderID {
                guard let folder = FolderTree(try await store.solutions.folders(change.tenant, on: change.sql))[folderID] else {
                    throw HavenError.validation([.invalid("folder_id", "There is no folder \(folderID)")])
                }
                (article.folderID, article.categoryID) = (folderID, folder.categoryID)
            }
            if let title = changes.title { article.title = title.trimmingWhitespace() }
            if let html = changes.descriptionHTML { article.descriptionHTML = html }
            if let status = changes.status { article.status = status }
            if let type = changes.type { article.type = type }
            if let tags = changes.tags { article.tags = tags }
            if let seo = changes.seo { article.seo = seo }
            if let agent = changes.agentID {
                try await self.checkAgent(agent, change: change)
                article.agentID = agent
            }
            let changed = [
                ("title", before.title != article.title), ("description", before.descriptionHTML != article.descriptionHTML),
                ("status", before.status != article.status), ("type", before.type != article.type), ("tags", before.tags != article.tags),
                ("seo_data", before.seo != article.seo), ("folder_id", before.folderID != article.folderID),
                ("agent_id", before.agentID != article.agentID),
            ]
            .filter(\.1).map(\.0)
            article.updatedAt = change.now
            try await store.solutions.update(article, on: change.sql)
            try await change.record(.solutionArticleUpdated, .solutionArticle(id), details: ["changed": .strings(changed)])
            return article
        }
    }

    public func deleteArticle(_ id: SolutionArticleID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            guard let article = try await store.solutions.article(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            try await store.solutions.delete(change.tenant, id, on: change.sql)
            try await change.record(.solutionArticleDeleted, .solutionArticle(id), details: ["title": .string(article.title)])
        }
    }

    private func checkAgent(_ agent: UserID?, change: Change) async throws {
        guard let agent else { return }
        if try await !self.helpdesk.store.agents.exists(change.tenant, agent, on: change.sql) {
            throw HavenError.validation([.invalid("agent_id", "There is no agent \(agent)")])
        }
    }

    /// The title, body and SEO text's own problems.
    static func problems(_ changes: ArticleChanges) -> [FieldError] {
        var errors: [FieldError] = []
        if let title = changes.title?.trimmingWhitespace(), title.isEmpty || title.count > 255 {
            errors.append(.invalid("title", "It should be 1 to 255 characters"))
        }
        if let html = changes.descriptionHTML {
            if HTMLText.plainText(SafeHTML.sanitize(html)).isEmpty {
                errors.append(.invalid("description", "An article needs some text"))
            } else if html.utf8.count > Self.maxArticleBytes {
                errors.append(.invalid("description", "It should be at most \(Self.maxArticleBytes / 1024) KiB"))
            }
        }
        if let seo = changes.seo {
            for (name, value, limit) in [
                ("meta_title", seo.metaTitle, 255), ("meta_description", seo.metaDescription, 1000),
                ("meta_keywords", seo.metaKeywords, 1000),
            ] where (value?.count ?? 0) > limit {
                errors.append(.invalid("seo_data.\(name)", "It should be at most \(limit) characters"))
            }
        }
        return errors
    }
}
