public import HavenCore

/// The knowledge base per tenant: categories, folders and articles, in clear (the tenant's public content), and the
/// word search over articles (FTS5, `Migration0028CreateKnowledgeBase`).
public protocol SolutionRepository: Sendable {
    func insert(_ category: SolutionCategory, on sql: SQLExecutor) async throws
    func update(_ category: SolutionCategory, on sql: SQLExecutor) async throws
    /// Deletes the category with its folders and their articles.
    func delete(_ tenant: TenantID, _ id: SolutionCategoryID, on sql: SQLExecutor) async throws
    func category(_ tenant: TenantID, _ id: SolutionCategoryID, on sql: SQLExecutor) async throws -> SolutionCategory?
    func category(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> SolutionCategoryID?
    /// Every category, by name.
    func categories(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [SolutionCategory]

    func insert(_ folder: SolutionFolder, on sql: SQLExecutor) async throws
    /// Writes the folder; its sub-folders follow it into its category.
    func update(_ folder: SolutionFolder, on sql: SQLExecutor) async throws
    /// Deletes the folder with its sub-folders and every article in them.
    func delete(_ tenant: TenantID, _ id: SolutionFolderID, on sql: SQLExecutor) async throws
    /// Every folder of the tenant with its counts, by name: a knowledge base's folders are few, and visibility and
    /// moves need each folder's chain of parents.
    func folders(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [SolutionFolder]

    func insert(_ article: SolutionArticle, on sql: SQLExecutor) async throws
    func update(_ article: SolutionArticle, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: SolutionArticleID, on sql: SQLExecutor) async throws
    func article(_ tenant: TenantID, _ id: SolutionArticleID, on sql: SQLExecutor) async throws -> SolutionArticle?
    /// The articles in these folders (drafts too unless `publishedOnly`), newest first.
    func articles(
        _ tenant: TenantID, in folders: [SolutionFolderID], publishedOnly: Bool, page: PageRequest, on sql: SQLExecutor
    ) async throws -> Page<SolutionArticle>
    /// Articles in these folders matching an FTS5 query, best match first.
    /// Articles matching any of `words` (each as a word or a word's start), title words weighing more, best first.
    func search(
        _ tenant: TenantID, words: [String], in folders: [SolutionFolderID], publishedOnly: Bool, limit: Int, on sql: SQLExecutor
    ) async throws -> [SolutionArticle]
    /// Counts a reading or a vote (statistics, not a change of content).
    func count(_ counter: SolutionCounter, _ tenant: TenantID, _ id: SolutionArticleID, on sql: SQLExecutor) async throws
}

public enum SolutionCounter: String, Sendable {
    case hits
    case thumbsUp = "thumbs_up"
    case thumbsDown = "thumbs_down"
}

public struct SQLiteSolutionRepository: SolutionRepository {
    public init() {}

    let categoryRows = CategoryTable<SolutionCategoryKind>(table: "solution_categories")

    public func insert(_ category: SolutionCategory, on sql: SQLExecutor) async throws {
        try await self.categoryRows.insert(category, on: sql)
    }

    public func update(_ category: SolutionCategory, on sql: SQLExecutor) async throws {
        try await self.categoryRows.update(category, on: sql)
    }

    public func delete(_ tenant: TenantID, _ id: SolutionCategoryID, on sql: SQLExecutor) async throws {
        try await self.categoryRows.delete(tenant, id, on: sql)
    }

    public func category(_ tenant: TenantID, _ id: SolutionCategoryID, on sql: SQLExecutor) async throws -> SolutionCategory? {
        try await self.categoryRows.find(tenant, id, on: sql)
    }

    public func category(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> SolutionCategoryID? {
        try await self.categoryRows.id(named: name, tenant, on: sql)
    }

    public func categories(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [SolutionCategory] {
        try await self.categoryRows.all(tenant, on: sql)
    }

    public func insert(_ folder: SolutionFolder, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO solution_folders (tenant_id, id, category_id, parent_id, name, description, visibility, company_ids,
                created_at, updated_at)
            VALUES (\(folder.tenantID), \(folder.id), \(folder.categoryID), \(folder.parentID), \(folder.name), \(folder.description),
                \(folder.visibility.rawValue), \(DBValue.jsonIDs(folder.companyIDs)), \(folder.createdAt), \(folder.updatedAt))
            """
        )
    }

    public func update(_ folder: SolutionFolder, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE solution_folders SET category_id = \(folder.categoryID), parent_id = \(folder.parentID), name = \(folder.name),
                description = \(folder.description), visibility = \(folder.visibility.rawValue),
                company_ids = \(DBValue.jsonIDs(folder.companyIDs)), updated_at = \(folder.updatedAt)
            WHERE tenant_id = \(folder.tenantID) AND id = \(folder.id)
            """
        )
        // A folder moved to another category takes its whole subtree along.
        try await sql.execute(
            """
            WITH RECURSIVE below(id) AS (
                SELECT id FROM solution_folders WHERE tenant_id = \(folder.tenantID) AND parent_id = \(folder.id)
                UNION SELECT f.id FROM solution_folders f JOIN below b ON f.parent_id = b.id WHERE f.tenant_id = \(folder.tenantID)
            )
            UPDATE solution_folders SET category_id = \(folder.categoryID)
            WHERE tenant_id = \(folder.tenantID) AND id IN (SELECT id FROM below) AND category_id <> \(folder.categoryID)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: SolutionFolderID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM solution_folders WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    public func folders(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [SolutionFolder] {
        let rows = try await sql.all(
            """
            SELECT f.*,
                (SELECT count(*) FROM solution_articles a WHERE a.tenant_id = f.tenant_id AND a.folder_id = f.id) AS articles,
                (SELECT count(*) FROM solution_folders s WHERE s.tenant_id = f.tenant_id AND s.parent_id = f.id) AS sub_folders
            FROM solution_folders f WHERE f.tenant_id = \(tenant) ORDER BY f.name, f.id
            """
        )
        return try rows.map { row in
            var folder = SolutionFolder(
                tenantID: tenant, id: try row.id("id"), categoryID: try row.id("category_id"), parentID: try row.optionalID("parent_id"),
                name: try row.string("name"), description: try row.optionalString("description"),
                visibility: FolderVisibility(rawValue: try row.int("visibility")) ?? .agents, companyIDs: try row.idList("company_ids"),
                at: try row.timestamp("created_at"))
            folder.updatedAt = try row.timestamp("updated_at")
            folder.articlesCount = try row.int("articles")
            folder.subFoldersCount = try row.int("sub_folders")
            return folder
        }
    }

    public func insert(_ article: SolutionArticle, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO solution_articles (tenant_id, id, folder_id, title, description_html, description_text, status, type, agent_id,
                tags, seo, created_at, updated_at)
            VALUES (\(article.tenantID), \(article.id), \(article.folderID), \(article.title), \(article.descriptionHTML),
                \(article.descriptionText), \(article.status.rawValue), \(article.type.rawValue), \(article.agentID),
                \(DBValue.jsonList(article.tags)), \(DBValue.json(Self.seo(article.seo))), \(article.createdAt), \(article.updatedAt))
            """
        )
    }

    public func update(_ article: SolutionArticle, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE solution_articles SET folder_id = \(article.folderID), title = \(article.title),
                description_html = \(article.descriptionHTML), description_text = \(article.descriptionText),
                status = \(article.status.rawValue), type = \(article.type.rawValue), agent_id = \(article.agentID),
                tags = \(DBValue.jsonList(article.tags)), seo = \(DBValue.json(Self.seo(article.seo))), updated_at = \(article.updatedAt)
            WHERE tenant_id = \(article.tenantID) AND id = \(article.id)
            """
        )
    }

    public func delete(_ tenant: TenantID, _ id: SolutionArticleID, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM solution_articles WHERE tenant_id = \(tenant) AND id = \(id)")
    }

    /// Named rather than `a.*`: PostgreSQL's table also holds the word index (`search_words`), which no reader needs.
    static let articleColumns = """
        a.tenant_id, a.id, a.folder_id, a.title, a.description_html, a.description_text, a.status, a.type, a.agent_id, a.tags, \
        a.seo, a.hits, a.thumbs_up, a.thumbs_down, a.created_at, a.updated_at, f.category_id AS category_id
        """

    public func article(_ tenant: TenantID, _ id: SolutionArticleID, on sql: SQLExecutor) async throws -> SolutionArticle? {
        try await sql.first(
            SQL(raw: "SELECT \(Self.articleColumns) FROM solution_articles a ")
                + "JOIN solution_folders f ON f.tenant_id = a.tenant_id AND f.id = a.folder_id WHERE a.tenant_id = \(tenant) AND a.id = \(id)"
        ).map(Self.article)
    }

    public func articles(
        _ tenant: TenantID, in folders: [SolutionFolderID], publishedOnly: Bool, page: PageRequest, on sql: SQLExecutor
    ) async throws -> Page<SolutionArticle> {
        guard !folders.isEmpty else { return Page(items: [], hasMore: false) }
        var statement =
            SQL(raw: "SELECT \(Self.articleColumns) FROM solution_articles a ")
            + "JOIN solution_folders f ON f.tenant_id = a.tenant_id AND f.id = a.folder_id WHERE a.tenant_id = \(tenant) "
            + "AND a.folder_id IN \(sql.jsonElements(.bind(.jsonIDs(folders)), integers: true))"
        if publishedOnly { statement.append(" AND a.status = \(SolutionArticle.Status.published.rawValue)") }
        statement.append(" ORDER BY a.updated_at DESC, a.id DESC")
        statement.append(page.limitClause)
        let items = try await sql.all(statement).map(Self.article)
        return Page(items: Array(items.prefix(page.perPage)), hasMore: items.count > page.perPage)
    }

    public func search(
        _ tenant: TenantID, words: [String], in folders: [SolutionFolderID], publishedOnly: Bool, limit: Int, on sql: SQLExecutor
    ) async throws -> [SolutionArticle] {
        guard !folders.isEmpty, !words.isEmpty else { return [] }
        let inFolders: SQL = "AND a.folder_id IN \(sql.jsonElements(.bind(.jsonIDs(folders)), integers: true))"
        let published: SQL = publishedOnly ? " AND a.status = \(SolutionArticle.Status.published.rawValue)" : ""
        // The word index, the match and the rank differ by engine; title words weigh more than body words (bm25's
        // column weights on SQLite's FTS5, the tsvector's A and B weights on PostgreSQL).
        let (index, match, rank): (SQL, SQL, SQL)
        switch sql.dialect {
        case .sqlite:
            index = "solution_articles_fts s JOIN solution_articles a ON a.search_row = s.rowid"
            match = "solution_articles_fts MATCH \(ArticleSearchTerms.fts5(words))"
            rank = "bm25(solution_articles_fts, 4.0, 1.0)"
        case .postgres:
            let query: SQL = "to_tsquery('simple', \(ArticleSearchTerms.tsquery(words)))"
            index = "solution_articles a"
            match = "a.search_words @@ \(query)"
            rank = "ts_rank(a.search_words, \(query)) DESC"
        }
        let statement: SQL =
            SQL(raw: "SELECT \(Self.articleColumns) FROM ") + index
            + " JOIN solution_folders f ON f.tenant_id = a.tenant_id AND f.id = a.folder_id "
            + "WHERE \(match) AND a.tenant_id = \(tenant) \(inFolders)\(published) ORDER BY \(rank), a.id LIMIT \(Int64(limit))"
        return try await sql.all(statement).map(Self.article)
    }

    public func count(_ counter: SolutionCounter, _ tenant: TenantID, _ id: SolutionArticleID, on sql: SQLExecutor) async throws {
        let column = counter.rawValue
        try await sql.execute(
            SQL(raw: "UPDATE solution_articles SET \(column) = \(column) + 1 WHERE tenant_id = ") + "\(tenant) AND id = \(id)")
    }

    static func seo(_ seo: SolutionArticle.SEO) -> JSONObject {
        var object = JSONObject()
        if let value = seo.metaTitle { object.append("meta_title", .string(value)) }
        if let value = seo.metaDescription { object.append("meta_description", .string(value)) }
        if let value = seo.metaKeywords { object.append("meta_keywords", .string(value)) }
        return object
    }

    static func article(_ row: Row) throws -> SolutionArticle {
        var article = SolutionArticle(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), folderID: try row.id("folder_id"),
            categoryID: try row.id("category_id"), title: try row.string("title"), descriptionHTML: try row.string("description_html"),
            descriptionText: try row.string("description_text"), status: SolutionArticle.Status(rawValue: try row.int("status")) ?? .draft,
            at: try row.timestamp("created_at"))
        article.type = SolutionArticle.Kind(rawValue: try row.int("type")) ?? .permanent
        article.agentID = try row.optionalID("agent_id")
        article.tags = try row.stringList("tags")
        let seo = try row.jsonObject("seo")
        article.seo = SolutionArticle.SEO(
            metaTitle: seo["meta_title"]?.stringValue, metaDescription: seo["meta_description"]?.stringValue,
            metaKeywords: seo["meta_keywords"]?.stringValue)
        article.hits = try row.int("hits")
        article.thumbsUp = try row.int("thumbs_up")
        article.thumbsDown = try row.int("thumbs_down")
        article.updatedAt = try row.timestamp("updated_at")
        return article
    }
}
