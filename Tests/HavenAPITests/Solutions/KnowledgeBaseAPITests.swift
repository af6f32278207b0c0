import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// The knowledge base over the API in Freshdesk's `solutions` shapes: categories, folders and sub-folders, articles,
/// search; supervisors and administrators write, every agent reads; bad input named and nothing half-written; moves
/// that would loop or nest too deep refused; another tenant's records are not there.
@Suite struct KnowledgeBaseAPITests {
    static func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }
    static func fields(_ result: HTTPResult) -> [String] { result.fieldErrors.map(\.field) }

    @Test func categoriesFoldersAndArticles_inFreshdeskShapes() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let category = try await client.call(
                .post, "/api/v2/solutions/categories", key: key,
                json: ["name": "Getting started", "description": "First steps", "visible_in_portals": [1]])
            #expect(category.status == 201, "\(category.text)")
            let categoryID = try #require(category.object?.int("id"))
            #expect(category.object?.string("description") == "First steps" && category.object?["visible_in_portals"] == .array([]))
            #expect(try await client.call(.post, "/api/v2/solutions/categories", key: key, json: ["name": "getting STARTED"]).status == 409)

            let folder = try await client.call(
                .post, "/api/v2/solutions/categories/\(categoryID)/folders", key: key,
                json: ["name": "Printers", "description": "Paper and ink", "visibility": 1])
            #expect(folder.status == 201, "\(folder.text)")
            let folderID = try #require(folder.object?.int("id"))
            #expect(folder.object?.int("category_id") == categoryID && folder.object?["parent_folder_id"] == .null)
            #expect(folder.object?.int("visibility") == 1 && folder.object?["company_ids"] == nil)

            let article = try await client.call(
                .post, "/api/v2/solutions/folders/\(folderID)/articles", key: key,
                json: Self.json(
                    """
                    {"title": "Printer says paper jam", "description": "<p>Open tray <b>2</b> and pull the sheet.</p>", "status": 2,
                     "tags": ["printer", "jam"], "seo_data": {"meta_title": "Paper jam", "meta_keywords": "jam, tray"}}
                    """))
            #expect(article.status == 201, "\(article.text)")
            let articleID = try #require(article.object?.int("id"))
            let a = try #require(article.object)
            #expect(a.int("folder_id") == folderID && a.int("category_id") == categoryID && a.int("status") == 2 && a.int("type") == 1)
            #expect(a.string("description_text") == "Open tray 2 and pull the sheet." && a["tags"] == .array(["printer", "jam"]))
            #expect(a["seo_data"]?.objectValue?["meta_title"] == "Paper jam" && a["seo_data"]?.objectValue?["meta_description"] == .null)
            #expect(a.int("agent_id") == server.tenants[0].agentID.rawValue, "the author defaults to the caller")
            #expect(a.int("hits") == 0 && a.int("thumbs_up") == 0 && a.int("thumbs_down") == 0)

            // A script's text is not the article's text (nor searchable).
            let scripted = try await client.call(
                .post, "/api/v2/solutions/folders/\(folderID)/articles", key: key,
                json: ["title": "Scripted", "description": "<p>Visible</p><script>var hiddenWord = 1</script>", "status": 1])
            #expect(scripted.object?.string("description_text") == "Visible", "\(scripted.text)")
            #expect(try await client.call(.get, "/api/v2/search/solutions?term=hiddenWord", key: key).array?.isEmpty == true)
            #expect(
                try await client.call(.delete, "/api/v2/solutions/articles/\(try #require(scripted.object?.int("id")))", key: key).status
                    == 204)

            // Reads: lists, one record, a folder with its counts.
            #expect(try await client.call(.get, "/api/v2/solutions/categories?per_page=100", key: key).array?.count == 1)
            let folders = try await client.call(.get, "/api/v2/solutions/categories/\(categoryID)/folders", key: key)
            #expect(folders.array?.first?.objectValue?.int("articles_count") == 1)
            let viewed = try await client.call(.get, "/api/v2/solutions/articles/\(articleID)", key: key)
            #expect(viewed.object?.string("title") == "Printer says paper jam")
            let listed = try await client.call(.get, "/api/v2/solutions/folders/\(folderID)/articles?per_page=100&page=1", key: key)
            #expect(listed.array?.count == 1 && listed.header("Link") == nil)

            // Updates: only what is sent changes.
            let updated = try await client.call(
                .put, "/api/v2/solutions/articles/\(articleID)", key: key, json: ["status": 1, "type": 2, "seo_data": ["meta_title": nil]])
            #expect(updated.status == 200 && updated.object?.int("status") == 1 && updated.object?.int("type") == 2, "\(updated.text)")
            #expect(updated.object?.string("title") == "Printer says paper jam" && updated.object?["tags"] == .array(["printer", "jam"]))
            let renamed = try await client.call(.put, "/api/v2/solutions/categories/\(categoryID)", key: key, json: ["name": "Basics"])
            #expect(renamed.object?.string("name") == "Basics" && renamed.object?.string("description") == "First steps")

            // Another tenant sees none of it; an agent reads but does not write.
            let beta = server.tenants[1].apiKey
            for path in ["solutions/categories/\(categoryID)", "solutions/folders/\(folderID)", "solutions/articles/\(articleID)"] {
                #expect(try await client.call(.get, "/api/v2/\(path)", key: beta).status == 404, "\(path)")
            }
            #expect(try await client.call(.get, "/api/v2/solutions/categories", key: beta).array?.isEmpty == true)
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            #expect(try await client.call(.get, "/api/v2/solutions/articles/\(articleID)", key: plain.apiKey).status == 200)
            #expect(
                try await client.call(.put, "/api/v2/solutions/articles/\(articleID)", key: plain.apiKey, json: ["status": 2]).status == 403
            )

            // Deleting the category takes its folders and articles along.
            #expect(try await client.call(.delete, "/api/v2/solutions/categories/\(categoryID)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/solutions/folders/\(folderID)", key: key).status == 404)
            #expect(try await client.call(.get, "/api/v2/solutions/articles/\(articleID)", key: key).status == 404)
            #expect(try await client.call(.get, "/api/v2/search/solutions?term=jam", key: key).array?.isEmpty == true)
        }
    }

    @Test func badInput_isNamed_andNothingIsHalfWritten() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let categoryID = try #require(
                try await client.call(.post, "/api/v2/solutions/categories", key: key, json: ["name": "Help"]).object?.int("id"))
            let folderID = try #require(
                try await client.call(
                    .post, "/api/v2/solutions/categories/\(categoryID)/folders", key: key, json: ["name": "One", "visibility": 2]
                ).object?.int("id"))
            let betaCompany = try #require(
                try await client.call(.post, "/api/v2/companies", key: server.tenants[1].apiKey, json: ["name": "Theirs"]).object?.int("id")
            )
            let folders: [(String, String, Int)] = [
                (#"{"name": "X"}"#, "visibility", 400),
                (#"{"visibility": 1}"#, "name", 400),
                (#"{"name": "X", "visibility": 7}"#, "visibility", 400),
                (#"{"name": "X", "visibility": 4}"#, "company_ids", 400),
                (#"{"name": "X", "visibility": 4, "company_ids": [\#(betaCompany)]}"#, "company_ids", 400),
                (#"{"name": "X", "visibility": 1, "company_ids": [1]}"#, "company_ids", 400),
                (#"{"name": "", "visibility": 1}"#, "name", 400),
                (#"{"name": "ONE", "visibility": 1}"#, "name", 409),
                (#"{"name": "X", "visibility": 1, "parent_folder_id": 1}"#, "parent_folder_id", 400),
            ]
            for (text, field, status) in folders {
                let refused = try await client.call(
                    .post, "/api/v2/solutions/categories/\(categoryID)/folders", key: key, json: Self.json(text))
                #expect(refused.status == status && Self.fields(refused).contains(field), "\(text): \(refused.text)")
            }
            let articles: [(String, String)] = [
                (#"{"description": "<p>x</p>", "status": 2}"#, "title"),
                (#"{"title": "T", "status": 2}"#, "description"),
                (#"{"title": "T", "description": "<p>x</p>"}"#, "status"),
                (#"{"title": "T", "description": "<p>x</p>", "status": 3}"#, "status"),
                (#"{"title": "T", "description": "<p> </p>", "status": 2}"#, "description"),
                (#"{"title": "T", "description": "x", "status": 2, "type": 5}"#, "type"),
                (#"{"title": "T", "description": "x", "status": 2, "seo_data": {"meta_title": 5}}"#, "seo_data.meta_title"),
                (#"{"title": "T", "description": "x", "status": 2, "seo_data": {"robots": "no"}}"#, "seo_data.robots"),
                (#"{"title": "T", "description": "x", "status": 2, "tags": ["a,b"]}"#, "tags"),
                (#"{"title": "T", "description": "x", "status": 2, "agent_id": 999999}"#, "agent_id"),
                (#"{"title": "T", "description": "x", "status": 2, "folder_id": 3}"#, "folder_id"),
            ]
            for (text, field) in articles {
                let refused = try await client.call(
                    .post, "/api/v2/solutions/folders/\(folderID)/articles", key: key, json: Self.json(text))
                #expect(refused.status == 400 && Self.fields(refused).contains(field), "\(text): \(refused.text)")
            }
            let longTitle = String(repeating: "t", count: 256)
            #expect(
                try await client.call(
                    .post, "/api/v2/solutions/folders/\(folderID)/articles", key: key,
                    json: ["title": .string(longTitle), "description": "x", "status": 2]
                ).status == 400)
            #expect(try await client.call(.get, "/api/v2/solutions/folders/\(folderID)/articles", key: key).array?.isEmpty == true)
            #expect(try await client.call(.get, "/api/v2/solutions/categories/\(categoryID)/folders", key: key).array?.count == 1)
            #expect(
                try await client.call(
                    .post, "/api/v2/solutions/folders/999/articles", key: key,
                    json: Self.json(#"{"title": "T", "description": "x", "status": 2}"#)
                ).status == 404)
            #expect(try await client.call(.get, "/api/v2/search/solutions", key: key).status == 400)
            #expect(Self.fields(try await client.call(.get, "/api/v2/search/solutions?term=%2A%28%29", key: key)) == ["term"])
        }
    }

    /// Folders nest up to five levels; a move into the folder itself or below it, or one that would nest deeper, is
    /// refused and changes nothing; a move to another category takes the sub-folders along.
    @Test func folderMoves_refuseLoopsAndDepth() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let key = server.tenants[0].apiKey
            func create(_ path: String, _ name: String) async throws -> Int64 {
                let result = try await client.call(.post, "/api/v2/\(path)", key: key, json: ["name": .string(name), "visibility": 1])
                #expect(result.status == 201, "\(path): \(result.text)")
                return try #require(result.object?.int("id"))
            }
            let first = try #require(
                try await client.call(.post, "/api/v2/solutions/categories", key: key, json: ["name": "First"]).object?.int("id"))
            let second = try #require(
                try await client.call(.post, "/api/v2/solutions/categories", key: key, json: ["name": "Second"]).object?.int("id"))
            var chain = [try await create("solutions/categories/\(first)/folders", "Level 1")]
            for level in 2...5 { chain.append(try await create("solutions/folders/\(chain.last!)/subfolders", "Level \(level)")) }
            let sixth = try await client.call(
                .post, "/api/v2/solutions/folders/\(chain[4])/subfolders", key: key, json: ["name": "Level 6", "visibility": 1])
            #expect(sixth.status == 400 && Self.fields(sixth) == ["parent_folder_id"], "\(sixth.text)")
            let subs = try await client.call(.get, "/api/v2/solutions/folders/\(chain[0])/subfolders", key: key)
            #expect(subs.array?.map { $0.objectValue?.int("id") } == [chain[1]])
            #expect(try await client.call(.get, "/api/v2/solutions/folders/\(chain[0])", key: key).object?.int("sub_folders_count") == 1)

            for parent in [chain[0], chain[3]] {
                let loop = try await client.call(
                    .put, "/api/v2/solutions/folders/\(chain[0])", key: key, json: ["parent_folder_id": .int(parent)])
                #expect(loop.status == 400 && Self.fields(loop) == ["parent_folder_id"], "\(loop.text)")
            }
            let other = try await create("solutions/categories/\(first)/folders", "Other")
            let tooDeep = try await client.call(
                .put, "/api/v2/solutions/folders/\(chain[0])", key: key, json: ["parent_folder_id": .int(other)])
            #expect(tooDeep.status == 400 && Self.fields(tooDeep) == ["parent_folder_id"], "five levels under another folder: six deep")
            #expect(try await client.call(.get, "/api/v2/solutions/folders/\(chain[0])", key: key).object?["parent_folder_id"] == .null)

            // A legal move: level 4 (with level 5) under "Other"; then level 1 to the second category takes levels 2–3.
            let moved = try await client.call(
                .put, "/api/v2/solutions/folders/\(chain[3])", key: key, json: ["parent_folder_id": .int(other)])
            #expect(moved.status == 200 && moved.object?.int("parent_folder_id") == other, "\(moved.text)")
            let recategorised = try await client.call(
                .put, "/api/v2/solutions/folders/\(chain[0])", key: key, json: ["category_id": .int(second)])
            #expect(recategorised.status == 200 && recategorised.object?.int("category_id") == second, "\(recategorised.text)")
            #expect(try await client.call(.get, "/api/v2/solutions/folders/\(chain[2])", key: key).object?.int("category_id") == second)
            #expect(try await client.call(.get, "/api/v2/solutions/folders/\(chain[4])", key: key).object?.int("category_id") == first)
            #expect(try await client.call(.get, "/api/v2/solutions/categories/\(second)/folders", key: key).array?.count == 1)

            // Deleting a folder deletes what is below it.
            #expect(try await client.call(.delete, "/api/v2/solutions/folders/\(other)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/solutions/folders/\(chain[4])", key: key).status == 404)
        }
    }

    /// Search ranks articles by the words typed (title words first), finds drafts for agents, keeps to the tenant,
    /// and a folder's articles page with Freshdesk's `Link` header.
    @Test func searchAndPaging() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            func seed(_ key: String) async throws -> Int64 {
                let category = try #require(
                    try await client.call(.post, "/api/v2/solutions/categories", key: key, json: ["name": "Help"]).object?.int("id"))
                return try #require(
                    try await client.call(
                        .post, "/api/v2/solutions/categories/\(category)/folders", key: key, json: ["name": "All", "visibility": 1]
                    ).object?.int("id"))
            }
            let key = server.tenants[0].apiKey
            let folder = try await seed(key)
            let betaFolder = try await seed(server.tenants[1].apiKey)
            func article(_ key: String, _ folder: Int64, _ title: String, _ body: String, status: Int64 = 2) async throws -> Int64 {
                let result = try await client.call(
                    .post, "/api/v2/solutions/folders/\(folder)/articles", key: key,
                    json: ["title": .string(title), "description": .string(body), "status": .int(status)])
                return try #require(result.object?.int("id"), "\(result.text)")
            }
            let bodyMention = try await article(
                key, folder, "Billing questions", "<p>Invoices are sent monthly; a printer-friendly copy is attached.</p>")
            let titleMatch = try await article(key, folder, "Printer offline", "<p>Check the cable.</p>")
            let draft = try await article(key, folder, "Printer drivers (draft)", "<p>Coming soon.</p>", status: 1)
            _ = try await article(server.tenants[1].apiKey, betaFolder, "Printer secrets of beta", "<p>beta only</p>")
            for n in 1...3 { _ = try await article(key, folder, "Filler \(n)", "<p>Nothing to see.</p>") }

            let found = try await client.call(.get, "/api/v2/search/solutions?term=printer", key: key)
            let ids = found.array?.compactMap { $0.objectValue?.int("id") } ?? []
            #expect(Set(ids) == [bodyMention, titleMatch, draft], "\(found.text)")
            #expect(ids.last == bodyMention, "a title match ranks above a body mention: \(ids)")
            #expect(
                try await client.call(.get, "/api/v2/search/solutions?term=Drivers%20soon", key: key).array?.first?.objectValue?.int("id")
                    == draft)
            #expect(
                try await client.call(.get, "/api/v2/search/solutions?term=print", key: key).array?.count == 3, "words match by their start"
            )
            #expect(try await client.call(.get, "/api/v2/search/solutions?term=cable%22%20OR%20%2A", key: key).array?.count == 1)

            // An edit re-indexes; a delete leaves the index.
            _ = try await client.call(.put, "/api/v2/solutions/articles/\(titleMatch)", key: key, json: ["title": "Scanner offline"])
            #expect(try await client.call(.get, "/api/v2/search/solutions?term=scanner", key: key).array?.count == 1)
            #expect(try await client.call(.delete, "/api/v2/solutions/articles/\(bodyMention)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/search/solutions?term=invoices", key: key).array?.isEmpty == true)

            let first = try await client.call(.get, "/api/v2/solutions/folders/\(folder)/articles?per_page=2", key: key)
            #expect(first.array?.count == 2 && first.header("Link")?.contains("page=2") == true, "\(first.headers)")
            let last = try await client.call(.get, "/api/v2/solutions/folders/\(folder)/articles?per_page=2&page=3", key: key)
            #expect(last.array?.count == 1 && last.header("Link") == nil)
        }
    }
}
