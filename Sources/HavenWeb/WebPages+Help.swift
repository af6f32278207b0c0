import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// The portal's help centre (`/help`): the knowledge base's published articles in the folders this reader may open —
/// visitors the public ones, signed-in customers also theirs and their companies' — with search, "was this helpful?",
/// and the suggestions the new-ticket form shows while a customer types a subject. Everything through
/// `KnowledgeBase`; an article's HTML is shown only as `SafeHTML` leaves it.
extension WebPages {
    /// The portal's `/help…` pages; nil when the path is not one of them.
    func help(_ request: WebRequest) async throws -> WebResponse? {
        guard request.path == "/help" || request.path.hasPrefix("/help/") else { return nil }
        let contact = request.signedIn.map(\.person.id)
        let rest = String(request.path.dropFirst("/help".count))
        switch (rest, request.isPost) {
        case ("", false): return try await self.helpHome(request, contact)
        case ("/search", false): return try await self.helpSearch(request, contact)
        case ("/suggest", false): return try await self.helpSuggest(request, contact)
        default: break
        }
        if !request.isPost, let (id, action) = Self.recordPath(rest, "folders"), action == nil {
            return try await self.helpFolder(request, contact, id: SolutionFolderID(id))
        }
        if let (id, action) = Self.recordPath(rest, "articles") {
            if action == nil, !request.isPost { return try await self.helpArticle(request, contact, id: SolutionArticleID(id)) }
            if action == "vote", request.isPost { return try await self.helpVote(request, contact, id: SolutionArticleID(id)) }
        }
        return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
    }

    func helpHome(_ request: WebRequest, _ contact: UserID?) async throws -> WebResponse {
        let shelves = try await KnowledgeBase(self.helpdesk).shelves(tenant: request.tenant.id, contact: contact)
        return self.render(
            "help_home", request, current: "/help",
            [
                "shelves": shelves.map { shelf in
                    [
                        "name": shelf.category.name, "description": shelf.category.description ?? "",
                        "folders": shelf.folders.map(Self.folderEntry),
                    ] as [String: Any]
                }
            ])
    }

    static func folderEntry(_ folder: SolutionFolder) -> [String: Any] {
        ["id": String(folder.id.rawValue), "name": folder.name, "description": folder.description ?? ""]
    }

    static func articleEntry(_ article: SolutionArticle) -> [String: Any] {
        ["id": String(article.id.rawValue), "title": article.title, "snippet": Self.snippet(article.descriptionText)]
    }

    /// The start of an article's text, cut at a word.
    static func snippet(_ text: String, length: Int = 160) -> String {
        guard text.count > length else { return text }
        let cut = text.prefix(length)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }

    func helpFolder(_ request: WebRequest, _ contact: UserID?, id: SolutionFolderID) async throws -> WebResponse {
        let number = Int(request.query["page"] ?? "") ?? 1
        let page = PageRequest(page: max(1, min(number, 10_000)), perPage: 30)
        do {
            let folder = try await KnowledgeBase(self.helpdesk).folderPage(id, page: page, tenant: request.tenant.id, contact: contact)
            var values: [String: Any] = [
                "name": folder.folder.name, "description": folder.folder.description ?? "", "category": folder.category.name,
                "crumbs": folder.path.map(Self.folderEntry), "sub_folders": folder.subFolders.map(Self.folderEntry),
                "articles": folder.articles.items.map(Self.articleEntry), "page": String(page.page),
            ]
            if page.page > 1 { values["previous"] = "/help/folders/\(id)?page=\(page.page - 1)" }
            if folder.articles.hasMore { values["next"] = "/help/folders/\(id)?page=\(page.page + 1)" }
            return self.render("help_folder", request, current: "/help", values)
        } catch HavenError.notFound {
            return self.helpNotFound(request)
        }
    }

    func helpArticle(_ request: WebRequest, _ contact: UserID?, id: SolutionArticleID) async throws -> WebResponse {
        do {
            let page = try await KnowledgeBase(self.helpdesk).read(id, tenant: request.tenant.id, contact: contact)
            let article = page.article
            let values: [String: Any] = [
                "id": String(id.rawValue), "title": article.title, "category": page.category.name,
                "crumbs": page.path.map(Self.folderEntry), "updated": Self.date(article.updatedAt),
                "article_html": SafeHTML.sanitize(article.descriptionHTML), "tags": article.tags.joined(separator: ", "),
                "voted": request.query["voted"] == "1", "meta_description": article.seo.metaDescription ?? "",
                "page_title": article.seo.metaTitle ?? article.title,
            ]
            return self.withFormToken(request) { self.render("help_article", $0, current: "/help", values) }
        } catch HavenError.notFound {
            return self.helpNotFound(request)
        }
    }

    func helpVote(_ request: WebRequest, _ contact: UserID?, id: SolutionArticleID) async throws -> WebResponse {
        guard let answer = request.form["helpful"], answer == "yes" || answer == "no" else {
            return self.message(request, status: .badRequest, "Not sent", "Choose “Yes” or “No”.")
        }
        do {
            try await KnowledgeBase(self.helpdesk).vote(id, helpful: answer == "yes", tenant: request.tenant.id, contact: contact)
        } catch HavenError.notFound {
            return self.helpNotFound(request)
        }
        return .redirect("/help/articles/\(id)?voted=1#vote")
    }

    func helpSearch(_ request: WebRequest, _ contact: UserID?) async throws -> WebResponse {
        let term = String((request.query["term"] ?? "").prefix(200))
        let found = try await KnowledgeBase(self.helpdesk).find(term, limit: 30, tenant: request.tenant.id, contact: contact)
        return self.render(
            "help_search", request, current: "/help",
            ["term": term, "searched": !term.trimmingWhitespace().isEmpty, "articles": found.map(Self.articleEntry)])
    }

    /// `GET /help/suggest?term=` for the new-ticket form's script: up to five articles as JSON.
    func helpSuggest(_ request: WebRequest, _ contact: UserID?) async throws -> WebResponse {
        let term = String((request.query["term"] ?? "").prefix(200))
        let found = try await KnowledgeBase(self.helpdesk).find(term, limit: 5, tenant: request.tenant.id, contact: contact)
        let items: [JSONValue] = found.map { article in
            [
                "title": .string(article.title), "url": .string("/help/articles/\(article.id)"),
                "snippet": .string(Self.snippet(article.descriptionText, length: 100)),
            ]
        }
        return WebResponse(
            status: .ok, headers: [(.contentType, "application/json; charset=utf-8")], body: JSONWriter.string(.array(items)))
    }

    private func helpNotFound(_ request: WebRequest) -> WebResponse {
        self.message(
            request, status: .notFound, "Article not found",
            "There is no article here, or it is not shown to you. Signing in may show articles for customers.")
    }
}
