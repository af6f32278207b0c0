public import HavenCore
import HavenStore

/// The knowledge base (Freshdesk's `solutions`): categories, folders nested up to five deep, and articles. Every agent
/// reads all of it, drafts included; supervisors and administrators write it. Customers read published articles on
/// the portal in the folders their visibility opens to them (`KnowledgeBase+Portal`). Each change is one transaction
/// with its audit entry.
public struct KnowledgeBase: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a category's create or update sets (nil: unchanged).
    public struct CategoryChanges: Sendable {
        public var name: String?
        public var description: String??

        public init(name: String? = nil, description: String?? = nil) {
            self.name = name
            self.description = description
        }
    }

    /// What a folder's create or update sets (nil: unchanged). `parentID` `.some(nil)` moves it to the top of its
    /// category; `categoryID` moves it (and what is below it) to another category.
    public struct FolderChanges: Sendable {
        public var name: String?
        public var description: String??
        public var visibility: FolderVisibility?
        public var companyIDs: [CompanyID]?
        public var parentID: SolutionFolderID??
        public var categoryID: SolutionCategoryID?

        public init(
            name: String? = nil, description: String?? = nil, visibility: FolderVisibility? = nil, companyIDs: [CompanyID]? = nil,
            parentID: SolutionFolderID?? = nil, categoryID: SolutionCategoryID? = nil
        ) {
            self.name = name
            self.description = description
            self.visibility = visibility
            self.companyIDs = companyIDs
            self.parentID = parentID
            self.categoryID = categoryID
        }
    }

    // MARK: Categories

    public func categories(by principal: Principal) async throws -> [SolutionCategory] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.solutions.categories(principal.tenant, on: sql)
        }
    }

    public func category(_ id: SolutionCategoryID, by principal: Principal) async throws -> SolutionCategory {
        let store = self.helpdesk.store
        return try await self.helpdesk.find(by: principal) { sql in try await store.solutions.category(principal.tenant, id, on: sql) }
    }

    public func createCategory(_ changes: CategoryChanges, by principal: Principal) async throws -> SolutionCategory {
        let store = self.helpdesk.store
        var errors = SettingText.problems(name: changes.name, description: changes.description)
        if changes.name == nil { errors.insert(.missing("name"), at: 0) }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let name = changes.name!.trimmingWhitespace()
        return try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            if let clash = try await store.solutions.category(named: name, change.tenant, on: change.sql) {
                throw SettingText.taken(by: clash.rawValue)
            }
            let category = SolutionCategory(
                tenantID: change.tenant, id: SolutionCategoryID(try await IDSequences.next("solution_categories", on: change.sql)),
                name: name, description: changes.description ?? nil, at: change.now)
            try await store.solutions.insert(category, on: change.sql)
            try await change.record(.solutionCategoryCreated, .solutionCategory(category.id), details: ["name": .string(name)])
            return category
        }
    }

    public func updateCategory(_ id: SolutionCategoryID, _ changes: CategoryChanges, by principal: Principal) async throws
        -> SolutionCategory
    {
        let store = self.helpdesk.store
        let errors = SettingText.problems(name: changes.name, description: changes.description)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            guard var category = try await store.solutions.category(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            var changed: [String] = []
            if let name = changes.name?.trimmingWhitespace(), name != category.name {
                if let clash = try await store.solutions.category(named: name, change.tenant, on: change.sql), clash != id {
                    throw SettingText.taken(by: clash.rawValue)
                }
                (category.name, changed) = (name, changed + ["name"])
            }
            if let description = changes.description, description != category.description {
                (category.description, changed) = (description, changed + ["description"])
            }
            category.updatedAt = change.now
            try await store.solutions.update(category, on: change.sql)
            try await change.record(.solutionCategoryUpdated, .solutionCategory(id), details: ["changed": .strings(changed)])
            return category
        }
    }

    /// Deletes the category with every folder and article in it.
    public func deleteCategory(_ id: SolutionCategoryID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            guard let category = try await store.solutions.category(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            let tree = FolderTree(try await store.solutions.folders(change.tenant, on: change.sql))
            let inside = tree.folders.filter { $0.categoryID == id }
            try await store.solutions.delete(change.tenant, id, on: change.sql)
            try await change.record(
                .solutionCategoryDeleted, .solutionCategory(id),
                details: [
                    "name": .string(category.name), "folders": .int(Int64(inside.count)),
                    "articles": .int(inside.reduce(0) { $0 + $1.articlesCount }),
                ])
        }
    }

    // MARK: Folders

    /// A category's top-level folders, or a folder's sub-folders.
    public func folders(in category: SolutionCategoryID, by principal: Principal) async throws -> [SolutionFolder] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.solutions.category(principal.tenant, category, on: sql) != nil else { throw HavenError.notFound }
            return FolderTree(try await store.solutions.folders(principal.tenant, on: sql)).topLevel(in: category)
        }
    }

    public func subFolders(of id: SolutionFolderID, by principal: Principal) async throws -> [SolutionFolder] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            let tree = FolderTree(try await store.solutions.folders(principal.tenant, on: sql))
            guard tree[id] != nil else { throw HavenError.notFound }
            return tree.subFolders(of: id)
        }
    }

    public func folder(_ id: SolutionFolderID, by principal: Principal) async throws -> SolutionFolder {
        guard let folder = try await self.tree(by: principal)[id] else { throw HavenError.notFound }
        return folder
    }

    /// Every folder of the tenant (the console's outline).
    public func tree(by principal: Principal) async throws -> FolderTree {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            FolderTree(try await store.solutions.folders(principal.tenant, on: sql))
        }
    }

    /// A new folder at the top of `category`, or inside `parent` (then in the parent's category).
    public func createFolder(
        in category: SolutionCategoryID?, parent: SolutionFolderID? = nil, _ changes: FolderChanges, by principal: Principal
    ) async throws -> SolutionFolder {
        let store = self.helpdesk.store
        var errors = SettingText.problems(name: changes.name, description: changes.description)
        if changes.name == nil { errors.insert(.missing("name"), at: 0) }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            let tree = FolderTree(try await store.solutions.folders(change.tenant, on: change.sql))
            let categoryID: SolutionCategoryID
            if let parent {
                guard let above = tree[parent] else { throw HavenError.notFound }
                guard tree.depth(parent) < SolutionFolder.maxDepth else {
                    throw HavenError.validation([
                        .invalid("parent_folder_id", "Folders nest at most \(SolutionFolder.maxDepth) deep; folder \(parent) is that deep")
                    ])
                }
                categoryID = above.categoryID
            } else {
                guard let category, try await store.solutions.category(change.tenant, category, on: change.sql) != nil else {
                    throw HavenError.notFound
                }
                categoryID = category
            }
            var folder = SolutionFolder(
                tenantID: change.tenant, id: SolutionFolderID(try await IDSequences.next("solution_folders", on: change.sql)),
                categoryID: categoryID, parentID: parent, name: changes.name!.trimmingWhitespace(),
                description: changes.description ?? nil, visibility: changes.visibility ?? .everyone, companyIDs: [], at: change.now)
            folder.companyIDs = changes.companyIDs ?? []
            try await self.check(folder, in: tree, change: change)
            try await store.solutions.insert(folder, on: change.sql)
            try await change.record(
                .solutionFolderCreated, .solutionFolder(folder.id),
                details: [
                    "name": .string(folder.name), "category_id": .id(categoryID), "visibility": .int(folder.visibility.rawValue),
                ])
            return folder
        }
    }

    public func updateFolder(_ id: SolutionFolderID, _ changes: FolderChanges, by principal: Principal) async throws -> SolutionFolder {
        let store = self.helpdesk.store
        let errors = SettingText.problems(name: changes.name, description: changes.description)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            let tree = FolderTree(try await store.solutions.folders(change.tenant, on: change.sql))
            guard var folder = tree[id] else { throw HavenError.notFound }
            let before = folder
            if let name = changes.name { folder.name = name.trimmingWhitespace() }
            if let description = changes.description { folder.description = description }
            if let visibility = changes.visibility {
                folder.visibility = visibility
                if visibility != .companies && changes.companyIDs == nil { folder.companyIDs = [] }
            }
            if let companies = changes.companyIDs { folder.companyIDs = companies }
            if let parent = changes.parentID {
                folder.parentID = parent
                if let parent, let above = tree[parent] { folder.categoryID = above.categoryID }
            }
            if let category = changes.categoryID {
                guard try await store.solutions.category(change.tenant, category, on: change.sql) != nil else {
                    throw HavenError.validation([.invalid("category_id", "There is no category \(category)")])
                }
                if let parent = folder.parentID, tree[parent]?.categoryID != category {
                    // A sub-folder moved to another category without a new parent there goes to its top.
                    if changes.parentID != nil {
                        throw HavenError.validation([.invalid("category_id", "Folder \(parent) is in another category")])
                    }
                    folder.parentID = nil
                }
                folder.categoryID = category
            }
            try await self.check(folder, in: tree, change: change)
            folder.updatedAt = change.now
            try await store.solutions.update(folder, on: change.sql)
            let changed = [
                ("name", before.name != folder.name), ("description", before.description != folder.description),
                ("visibility", before.visibility != folder.visibility), ("company_ids", before.companyIDs != folder.companyIDs),
                ("parent_folder_id", before.parentID != folder.parentID), ("category_id", before.categoryID != folder.categoryID),
            ]
            .filter(\.1).map(\.0)
            try await change.record(.solutionFolderUpdated, .solutionFolder(id), details: ["changed": .strings(changed)])
            return folder
        }
    }

    /// Deletes the folder with its sub-folders and every article in them.
    public func deleteFolder(_ id: SolutionFolderID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageSolutions) { change in
            let tree = FolderTree(try await store.solutions.folders(change.tenant, on: change.sql))
            guard let folder = tree[id] else { throw HavenError.notFound }
            let below = tree.descendants(of: id).compactMap { tree[$0] }
            try await store.solutions.delete(change.tenant, id, on: change.sql)
            try await change.record(
                .solutionFolderDeleted, .solutionFolder(id),
                details: [
                    "name": .string(folder.name), "sub_folders": .int(Int64(below.count)),
                    "articles": .int(([folder] + below).reduce(0) { $0 + $1.articlesCount }),
                ])
        }
    }

    /// A folder's place and rules: a parent that exists, is not the folder or below it, and leaves the subtree within
    /// five levels; a name unique among its siblings; companies (only) for company visibility, each this tenant's.
    private func check(_ folder: SolutionFolder, in tree: FolderTree, change: Change) async throws {
        let store = self.helpdesk.store
        var errors: [FieldError] = []
        if let parent = folder.parentID {
            if parent == folder.id || tree.descendants(of: folder.id).contains(parent) {
                errors.append(.invalid("parent_folder_id", "Folder \(parent) is this folder or inside it: the move would make a loop"))
            } else if tree[parent] == nil {
                errors.append(.invalid("parent_folder_id", "There is no folder \(parent)"))
            } else if tree.depth(parent) + (tree[folder.id] == nil ? 1 : tree.height(folder.id)) > SolutionFolder.maxDepth {
                errors.append(
                    .invalid("parent_folder_id", "Folders nest at most \(SolutionFolder.maxDepth) deep; the move would go deeper"))
            }
        }
        errors += try await AudienceRules.problems(folder.visibility, folder.companyIDs, store: store, change: change)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let clash = tree.folders.first {
            $0.id != folder.id && $0.categoryID == folder.categoryID && $0.parentID == folder.parentID
                && $0.name.lowercased() == folder.name.lowercased()
        }
        if let clash { throw SettingText.taken(by: clash.id.rawValue) }
    }
}

extension KnowledgeBase {
    /// Everything an editor sees at once (the console's outline): categories, every folder, every article.
    public struct Outline: Sendable {
        public var categories: [SolutionCategory]
        public var tree: FolderTree
        public var articles: [SolutionArticle]
    }

    /// The most articles the console's outline lists (a larger knowledge base is browsed folder by folder).
    public static let outlineLimit = 2000

    public func outline(by principal: Principal) async throws -> Outline {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            let tenant = principal.tenant
            let tree = FolderTree(try await store.solutions.folders(tenant, on: sql))
            let articles = try await store.solutions.articles(
                tenant, in: tree.folders.map(\.id), publishedOnly: false, page: PageRequest(page: 1, perPage: Self.outlineLimit), on: sql)
            return Outline(
                categories: try await store.solutions.categories(tenant, on: sql), tree: tree,
                articles: articles.items.sorted { ($0.title.lowercased(), $0.id.rawValue) < ($1.title.lowercased(), $1.id.rawValue) })
        }
    }

    /// Companies named in a form (the console's folder form), each this tenant's; an unknown name is a field error.
    public func companies(named names: [String], by principal: Principal) async throws -> [CompanyID] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .manageSolutions) { sql in
            var ids: [CompanyID] = []
            for name in names {
                guard let id = try await store.companies.id(named: name, principal.tenant, on: sql) else {
                    throw HavenError.validation([.invalid("company_ids", "There is no company named “\(name)”")])
                }
                ids.append(id)
            }
            return ids
        }
    }
}
