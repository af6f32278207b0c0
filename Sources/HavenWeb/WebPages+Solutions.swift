import HTTPTypes
import HavenApp
import HavenCore

/// Admin → Knowledge base (supervisors and admins): the outline of categories, folders and articles with their
/// status and visibility; write or edit an article, add a folder or a category, delete any of them — `KnowledgeBase`,
/// as `/api/v2/solutions`. An article's body is HTML (the portal shows it through `SafeHTML`).
extension WebPages {
    func solutions(
        _ request: WebRequest, _ signedIn: SignedIn, error: String? = nil, invalid: Set<String> = [], typed: [String: String] = [:]
    ) async throws -> WebResponse {
        let knowledge = KnowledgeBase(self.helpdesk)
        let principal = signedIn.principal
        try principal.require(.manageSolutions)
        let outline = try await knowledge.outline(by: principal)
        var editing: SolutionArticle?
        if let id = request.query["edit"].flatMap({ Int64($0) }) {
            editing = try? await knowledge.article(SolutionArticleID(id), by: principal)
        }
        let tree = outline.tree
        func path(_ folder: SolutionFolder) -> String {
            let category = outline.categories.first { $0.id == folder.categoryID }?.name ?? ""
            return ([category] + tree.chain(folder.id).reversed().map(\.name)).joined(separator: " / ")
        }
        // Each category's folders depth first, each followed by its articles.
        func rows(_ folders: [SolutionFolder], depth: Int) -> [[String: Any]] {
            folders.flatMap { folder -> [[String: Any]] in
                let folderRow: [String: Any] = [
                    "folder": true, "id": String(folder.id.rawValue), "name": folder.name, "depth": String(depth),
                    "visibility": folder.visibility.displayName, "open": folder.visibility == .everyone,
                ]
                let articles = outline.articles.filter { $0.folderID == folder.id }.map { article -> [String: Any] in
                    [
                        "article": true, "id": String(article.id.rawValue), "title": article.title, "depth": String(depth + 1),
                        "draft": article.status == .draft, "hits": String(article.hits),
                        "helpful": String(article.thumbsUp), "unhelpful": String(article.thumbsDown),
                    ]
                }
                return [folderRow] + articles + rows(tree.subFolders(of: folder.id), depth: depth + 1)
            }
        }
        let chosenFolder = typed["folder_id"].flatMap { Int64($0) }.map(SolutionFolderID.init) ?? editing?.folderID
        let places =
            outline.categories.map {
                ["value": "c\($0.id.rawValue)", "label": "Top of “\($0.name)”", "selected": typed["place"] == "c\($0.id.rawValue)"]
            }
            + tree.folders.filter { tree.depth($0.id) < SolutionFolder.maxDepth }.map {
                ["value": "f\($0.id.rawValue)", "label": "Inside \(path($0))", "selected": typed["place"] == "f\($0.id.rawValue)"]
            }
        let chosenVisibility = typed["visibility"].flatMap { Int64($0) } ?? FolderVisibility.everyone.rawValue
        var values: [String: Any] = [
            "categories": outline.categories.map { category -> [String: Any] in
                ["id": String(category.id.rawValue), "name": category.name, "rows": rows(tree.topLevel(in: category.id), depth: 1)]
            },
            "has_categories": !outline.categories.isEmpty, "has_folders": !tree.folders.isEmpty,
            "folder_choices": tree.folders.map { ($0.id, path($0)) }.sorted { $0.1 < $1.1 }.map { id, label in
                ["value": String(id.rawValue), "label": label, "selected": id == chosenFolder]
            },
            "places": places,
            "visibilities": FolderVisibility.allCases.map {
                ["value": String($0.rawValue), "label": $0.displayName, "selected": $0.rawValue == chosenVisibility]
            },
            "editing": editing != nil, "edit_title": editing?.title ?? "",
            "edit_id": typed["id"] ?? editing.map { String($0.id.rawValue) } ?? "",
            "typed_title": typed["title"] ?? editing?.title ?? "",
            "typed_body": typed["description"] ?? editing?.descriptionHTML ?? "",
            "typed_tags": typed["tags"] ?? editing?.tags.joined(separator: ", ") ?? "",
            "published": (typed["status"] ?? editing.map { String($0.status.rawValue) }) == "2",
            "typed_folder_name": typed["name"] ?? "", "typed_companies": typed["companies"] ?? "",
            "typed_category": typed["category_name"] ?? "", "typed_category_description": typed["category_description"] ?? "",
        ]
        for field in invalid { values["invalid_\(field)"] = true }
        return self.render(
            "solutions", request, current: "/admin/solutions", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    func solutionsAction(_ request: WebRequest, _ signedIn: SignedIn, _ action: String) async throws -> WebResponse {
        let knowledge = KnowledgeBase(self.helpdesk)
        let principal = signedIn.principal
        let form = request.form
        let typed = [
            "id", "folder_id", "title", "description", "tags", "status", "place", "name", "visibility", "companies", "category_name",
            "category_description",
        ]
        .reduce(into: [String: String]()) { $0[$1] = form[$1] }
        let home = request.site.prefix + "/admin/solutions"
        do {
            switch action {
            case "category":
                _ = try await knowledge.createCategory(
                    .init(name: form["category_name"] ?? "", description: form.text("category_description")), by: principal)
            case "folder":
                let visibility = form["visibility"].flatMap { Int64($0) }.flatMap(FolderVisibility.init(rawValue:)) ?? .agents
                let names = (form["companies"] ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
                let companies = visibility == .companies ? try await knowledge.companies(named: names, by: principal) : []
                let changes = KnowledgeBase.FolderChanges(name: form["name"] ?? "", visibility: visibility, companyIDs: companies)
                let place = form["place"] ?? ""
                guard let id = Int64(place.dropFirst()), place.hasPrefix("c") || place.hasPrefix("f") else {
                    throw HavenError.validation([.invalid("place", "Choose where the folder goes")])
                }
                if place.hasPrefix("c") {
                    _ = try await knowledge.createFolder(in: SolutionCategoryID(id), changes, by: principal)
                } else {
                    _ = try await knowledge.createFolder(in: nil, parent: SolutionFolderID(id), changes, by: principal)
                }
            case "article":
                let tags = (form["tags"] ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
                var changes = KnowledgeBase.ArticleChanges(
                    title: form["title"] ?? "", descriptionHTML: form["description"] ?? "",
                    status: form["status"] == "2" ? .published : .draft,
                    tags: tags)
                guard let folder = form["folder_id"].flatMap({ Int64($0) }).map(SolutionFolderID.init) else {
                    throw HavenError.validation([.invalid("folder_id", "Choose a folder")])
                }
                if let id = form["id"].flatMap({ Int64($0) }) {
                    changes.folderID = folder
                    _ = try await knowledge.updateArticle(SolutionArticleID(id), changes, by: principal)
                } else {
                    _ = try await knowledge.createArticle(in: folder, changes, by: principal)
                }
            case "delete":
                guard let id = form["id"].flatMap({ Int64($0) }) else { return .redirect(home) }
                switch form["kind"] {
                case "category": try await knowledge.deleteCategory(SolutionCategoryID(id), by: principal)
                case "folder": try await knowledge.deleteFolder(SolutionFolderID(id), by: principal)
                default: try await knowledge.deleteArticle(SolutionArticleID(id), by: principal)
                }
            default:
                return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
            }
        } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
            // The category form's fields carry their own names on the page.
            let fields = Set(problems.map { action == "category" && $0.field == "name" ? "category_name" : $0.field })
            return try await self.solutions(
                request.showing("/admin/solutions"), signedIn, error: Self.describe(problems), invalid: fields, typed: typed)
        } catch HavenError.notFound {
            return .redirect(home)
        }
        return .redirect(home + "?notice=done")
    }
}
