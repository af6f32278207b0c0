/// A tenant's knowledge-base folders as a tree: each folder's chain of parents (visibility is checked along it), its
/// depth and what lies below it (moves may not make a cycle or go deeper than `SolutionFolder.maxDepth`).
public struct FolderTree: Sendable {
    public let folders: [SolutionFolder]
    let byID: [SolutionFolderID: SolutionFolder]
    let children: [SolutionFolderID: [SolutionFolderID]]

    public init(_ folders: [SolutionFolder]) {
        self.folders = folders
        self.byID = Dictionary(folders.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.children = Dictionary(grouping: folders.filter { $0.parentID != nil }, by: { $0.parentID! }).mapValues { $0.map(\.id) }
    }

    public subscript(id: SolutionFolderID) -> SolutionFolder? { self.byID[id] }

    /// The folder and every folder above it, nearest first (a broken link ends the chain).
    public func chain(_ id: SolutionFolderID) -> [SolutionFolder] {
        var chain: [SolutionFolder] = []
        var next: SolutionFolderID? = id
        while let current = next, let folder = self.byID[current], !chain.contains(where: { $0.id == current }) {
            chain.append(folder)
            next = folder.parentID
        }
        return chain
    }

    /// 1 for a folder at the top of its category, 2 for its sub-folders, and so on.
    public func depth(_ id: SolutionFolderID) -> Int { self.chain(id).count }

    /// Every folder below this one, at any depth.
    public func descendants(of id: SolutionFolderID) -> Set<SolutionFolderID> {
        var found = Set<SolutionFolderID>()
        var queue = self.children[id] ?? []
        while let next = queue.popLast() {
            if found.insert(next).inserted { queue += self.children[next] ?? [] }
        }
        return found
    }

    /// How many levels this folder and those below it take (1 for a folder without sub-folders).
    public func height(_ id: SolutionFolderID) -> Int {
        1 + ((self.children[id] ?? []).map { self.height($0) }.max() ?? 0)
    }

    /// The folders at the top of a category, by name.
    public func topLevel(in category: SolutionCategoryID) -> [SolutionFolder] {
        self.folders.filter { $0.categoryID == category && $0.parentID == nil }
    }

    /// The folders directly inside a folder, by name.
    public func subFolders(of id: SolutionFolderID) -> [SolutionFolder] {
        (self.children[id] ?? []).compactMap { self.byID[$0] }.sorted {
            ($0.name.lowercased(), $0.id.rawValue) < ($1.name.lowercased(), $1.id.rawValue)
        }
    }

    /// The folders this reader may open: the folder's own rule and every rule above it allow them.
    public func readable(by reader: KnowledgeReader) -> [SolutionFolder] {
        self.folders.filter { reader.mayRead(chain: self.chain($0.id)) }
    }
}
