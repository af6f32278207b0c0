import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// The knowledge base in Freshdesk's `solutions` shapes: categories, folders (and sub-folders), articles, and
/// `GET /search/solutions?term=`. Category and folder lists are not paginated (page and per_page are accepted and
/// ignored, as Freshdesk does); a folder's articles are. Freshdesk's language variants (`/:language_code`) and
/// portal lists are not served: Haven has one language and one portal per tenant.
struct SolutionController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/solutions/categories", .readHelpdesk, handler: self.categories),
            Route(.post, "/solutions/categories", .manageSolutions, body: .json, handler: self.createCategory),
            Route(.get, "/solutions/categories/:id", .readHelpdesk, handler: self.category),
            Route(.put, "/solutions/categories/:id", .manageSolutions, body: .json, handler: self.updateCategory),
            Route(.delete, "/solutions/categories/:id", .manageSolutions, handler: self.deleteCategory),
            Route(.get, "/solutions/categories/:id/folders", .readHelpdesk, handler: self.folders),
            Route(.post, "/solutions/categories/:id/folders", .manageSolutions, body: .json, handler: self.createFolder),
            Route(.get, "/solutions/folders/:id", .readHelpdesk, handler: self.folder),
            Route(.put, "/solutions/folders/:id", .manageSolutions, body: .json, handler: self.updateFolder),
            Route(.delete, "/solutions/folders/:id", .manageSolutions, handler: self.deleteFolder),
            Route(.get, "/solutions/folders/:id/subfolders", .readHelpdesk, handler: self.subFolders),
            Route(.post, "/solutions/folders/:id/subfolders", .manageSolutions, body: .json, handler: self.createSubFolder),
            Route(.get, "/solutions/folders/:id/articles", .readHelpdesk, handler: self.articles),
            Route(.post, "/solutions/folders/:id/articles", .manageSolutions, body: .json, handler: self.createArticle),
            Route(.get, "/solutions/articles/:id", .readHelpdesk, handler: self.article),
            Route(.put, "/solutions/articles/:id", .manageSolutions, body: .json, handler: self.updateArticle),
            Route(.delete, "/solutions/articles/:id", .manageSolutions, handler: self.deleteArticle),
            Route(.get, "/search/solutions", .readHelpdesk, handler: self.search),
        ]
    }

    // MARK: Shapes

    static func present(_ c: SolutionCategory) -> JSONObject {
        [
            "id": .id(c.id), "name": .string(c.name), "description": c.description.map(JSONValue.string) ?? .null,
            "visible_in_portals": .array([]), "created_at": .timestamp(c.createdAt), "updated_at": .timestamp(c.updatedAt),
        ]
    }

    static func present(_ f: SolutionFolder) -> JSONObject {
        var object: JSONObject = [
            "id": .id(f.id), "name": .string(f.name), "description": f.description.map(JSONValue.string) ?? .null,
            "visibility": .int(f.visibility.rawValue), "category_id": .id(f.categoryID),
            "parent_folder_id": f.parentID.map(JSONValue.id) ?? .null, "articles_count": .int(f.articlesCount),
            "sub_folders_count": .int(f.subFoldersCount), "created_at": .timestamp(f.createdAt), "updated_at": .timestamp(f.updatedAt),
        ]
        if f.visibility == .companies { object.append("company_ids", .ids(f.companyIDs)) }
        return object
    }

    static func present(_ a: SolutionArticle) -> JSONObject {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return [
            "id": .id(a.id), "type": .int(a.type.rawValue), "category_id": .id(a.categoryID), "folder_id": .id(a.folderID),
            "title": .string(a.title), "description": .string(a.descriptionHTML), "description_text": .string(a.descriptionText),
            "status": .int(a.status.rawValue), "agent_id": a.agentID.map(JSONValue.id) ?? .null, "tags": .strings(a.tags),
            "seo_data": [
                "meta_title": text(a.seo.metaTitle), "meta_description": text(a.seo.metaDescription),
                "meta_keywords": text(a.seo.metaKeywords),
            ],
            "hits": .int(a.hits), "thumbs_up": .int(a.thumbsUp), "thumbs_down": .int(a.thumbsDown),
            "created_at": .timestamp(a.createdAt), "updated_at": .timestamp(a.updatedAt),
        ]
    }

    // MARK: Categories

    @Sendable func categories(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(.array(try await KnowledgeBase(self.helpdesk).categories(by: request.principal).map { .object(Self.present($0)) }))
    }

    @Sendable func category(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.present(try await KnowledgeBase(self.helpdesk).category(try request.id(), by: request.principal))))
    }

    static func categoryChanges(_ request: APIRequest) throws -> KnowledgeBase.CategoryChanges {
        var fields = BodyFields(request.object, allowed: ["name", "description", "visible_in_portals"])
        var changes = KnowledgeBase.CategoryChanges()
        changes.name = fields.nonNullString("name")
        changes.description = fields.string("description", maxLength: 1000)
        // One portal per tenant: the list Freshdesk takes is accepted (ids checked for shape) and has no effect.
        _ = fields.idArray("visible_in_portals") as [Identifier<TenantKind>]?
        try fields.finish()
        return changes
    }

    @Sendable func createCategory(_ request: APIRequest) async throws -> APIResponse {
        let category = try await KnowledgeBase(self.helpdesk).createCategory(try Self.categoryChanges(request), by: request.principal)
        return .created(.object(Self.present(category)), location: "\(request.baseURL)/api/v2/solutions/categories/\(category.id)")
    }

    @Sendable func updateCategory(_ request: APIRequest) async throws -> APIResponse {
        let category = try await KnowledgeBase(self.helpdesk).updateCategory(
            try request.id(), try Self.categoryChanges(request), by: request.principal)
        return .ok(.object(Self.present(category)))
    }

    @Sendable func deleteCategory(_ request: APIRequest) async throws -> APIResponse {
        try await KnowledgeBase(self.helpdesk).deleteCategory(try request.id(), by: request.principal)
        return .noContent
    }

    // MARK: Folders

    @Sendable func folders(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let folders = try await KnowledgeBase(self.helpdesk).folders(in: try request.id(), by: request.principal)
        return .ok(.array(folders.map { .object(Self.present($0)) }))
    }

    @Sendable func subFolders(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let folders = try await KnowledgeBase(self.helpdesk).subFolders(of: try request.id(), by: request.principal)
        return .ok(.array(folders.map { .object(Self.present($0)) }))
    }

    @Sendable func folder(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.present(try await KnowledgeBase(self.helpdesk).folder(try request.id(), by: request.principal))))
    }

    /// A folder's fields; a create needs a name and an explicit visibility (Freshdesk's mandatory fields — and no
    /// folder of a security-minded helpdesk should become public by default).
    static func folderChanges(_ request: APIRequest, creating: Bool) throws -> KnowledgeBase.FolderChanges {
        var allowed: Set<String> = ["name", "description", "visibility", "company_ids"]
        if !creating { allowed.formUnion(["parent_folder_id", "category_id"]) }
        var fields = BodyFields(request.object, allowed: allowed)
        if creating {
            fields.require("name")
            fields.require("visibility")
        }
        var changes = KnowledgeBase.FolderChanges()
        changes.name = fields.nonNullString("name")
        changes.description = fields.string("description", maxLength: 1000)
        if let code = fields.nonNullInteger("visibility", allowed: FolderVisibility.allCases.map(\.rawValue)) {
            changes.visibility = FolderVisibility(rawValue: code)
        }
        changes.companyIDs = fields.idArray("company_ids")
        if let parent: SolutionFolderID? = fields.id("parent_folder_id") { changes.parentID = parent }
        if let category: SolutionCategoryID? = fields.id("category_id") {
            if category == nil { fields.fail(.invalid("category_id", "A folder belongs to a category")) }
            changes.categoryID = category
        }
        try fields.finish()
        return changes
    }

    @Sendable func createFolder(_ request: APIRequest) async throws -> APIResponse {
        let folder = try await KnowledgeBase(self.helpdesk).createFolder(
            in: try request.id(), try Self.folderChanges(request, creating: true), by: request.principal)
        return .created(.object(Self.present(folder)), location: "\(request.baseURL)/api/v2/solutions/folders/\(folder.id)")
    }

    @Sendable func createSubFolder(_ request: APIRequest) async throws -> APIResponse {
        let folder = try await KnowledgeBase(self.helpdesk).createFolder(
            in: nil, parent: try request.id(), try Self.folderChanges(request, creating: true), by: request.principal)
        return .created(.object(Self.present(folder)), location: "\(request.baseURL)/api/v2/solutions/folders/\(folder.id)")
    }

    @Sendable func updateFolder(_ request: APIRequest) async throws -> APIResponse {
        let folder = try await KnowledgeBase(self.helpdesk).updateFolder(
            try request.id(), try Self.folderChanges(request, creating: false), by: request.principal)
        return .ok(.object(Self.present(folder)))
    }

    @Sendable func deleteFolder(_ request: APIRequest) async throws -> APIResponse {
        try await KnowledgeBase(self.helpdesk).deleteFolder(try request.id(), by: request.principal)
        return .noContent
    }

    // MARK: Articles

    @Sendable func articles(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let page = try await KnowledgeBase(self.helpdesk).articles(
            in: try request.id(), page: try Pagination.request(request.query), by: request.principal)
        return Pagination.response(page, request: request, path: "/solutions/folders/\(try request.id() as SolutionFolderID)/articles") {
            .object(Self.present($0))
        }
    }

    @Sendable func article(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.present(try await KnowledgeBase(self.helpdesk).article(try request.id(), by: request.principal))))
    }

    static func articleChanges(_ request: APIRequest, creating: Bool) throws -> KnowledgeBase.ArticleChanges {
        var allowed: Set<String> = ["title", "description", "status", "type", "tags", "seo_data", "agent_id"]
        if !creating { allowed.insert("folder_id") }
        var fields = BodyFields(request.object, allowed: allowed)
        var changes = KnowledgeBase.ArticleChanges()
        changes.title = fields.nonNullString("title")
        changes.descriptionHTML = fields.nonNullString("description", maxLength: KnowledgeBase.maxArticleBytes)
        if let status = fields.nonNullInteger("status", allowed: SolutionArticle.Status.allCases.map(\.rawValue)) {
            changes.status = SolutionArticle.Status(rawValue: status)
        }
        if let type = fields.nonNullInteger("type", allowed: SolutionArticle.Kind.allCases.map(\.rawValue)) {
            changes.type = SolutionArticle.Kind(rawValue: type)
        }
        changes.tags = fields.tags("tags")
        if let agent: UserID? = fields.id("agent_id") { changes.agentID = agent }
        if let folder: SolutionFolderID? = fields.id("folder_id") {
            if folder == nil { fields.fail(.invalid("folder_id", "An article belongs to a folder")) }
            changes.folderID = folder
        }
        if let seo = fields.objectValue("seo_data") { changes.seo = Self.seo(seo, into: &fields) }
        try fields.finish()
        return changes
    }

    /// `seo_data`: three optional texts, each problem named by its path (`seo_data.meta_title`).
    static func seo(_ object: JSONObject, into fields: inout BodyFields) -> SolutionArticle.SEO {
        let limits = ["meta_title": 255, "meta_description": 1000, "meta_keywords": 1000]
        var values: [String: String] = [:]
        for (key, value) in object {
            guard let limit = limits[key] else {
                fields.fail(.unexpected("seo_data.\(key)"))
                continue
            }
            switch value {
            case .null: break
            case .string(let text) where text.count <= limit: values[key] = text
            case .string: fields.fail(.invalid("seo_data.\(key)", "It should be at most \(limit) characters"))
            default: fields.fail(.wrongType("seo_data.\(key)", "String"))
            }
        }
        return SolutionArticle.SEO(
            metaTitle: values["meta_title"], metaDescription: values["meta_description"], metaKeywords: values["meta_keywords"])
    }

    @Sendable func createArticle(_ request: APIRequest) async throws -> APIResponse {
        let article = try await KnowledgeBase(self.helpdesk).createArticle(
            in: try request.id(), try Self.articleChanges(request, creating: true), by: request.principal)
        return .created(.object(Self.present(article)), location: "\(request.baseURL)/api/v2/solutions/articles/\(article.id)")
    }

    @Sendable func updateArticle(_ request: APIRequest) async throws -> APIResponse {
        let article = try await KnowledgeBase(self.helpdesk).updateArticle(
            try request.id(), try Self.articleChanges(request, creating: false), by: request.principal)
        return .ok(.object(Self.present(article)))
    }

    @Sendable func deleteArticle(_ request: APIRequest) async throws -> APIResponse {
        try await KnowledgeBase(self.helpdesk).deleteArticle(try request.id(), by: request.principal)
        return .noContent
    }

    /// `GET /search/solutions?term=…`: the best 30 articles for the words (drafts too: agents are asking).
    @Sendable func search(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["term", "page", "per_page"])
        guard let term = request.query["term"] else { throw HavenError.validation([.missing("term")]) }
        let articles = try await KnowledgeBase(self.helpdesk).search(term, by: request.principal)
        return .ok(.array(articles.map { .object(Self.present($0)) }))
    }
}
