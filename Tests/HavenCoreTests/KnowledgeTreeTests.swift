import HavenCore
import Testing

/// The knowledge base's folder rules as pure functions: visibility checked along the whole chain of folders, the
/// tree's depths and descendants (what a move may not create), and search words stripped of the index's operators.
@Suite struct KnowledgeTreeTests {
    static let now = Timestamp(secondsSince1970: 1_800_000_000)

    static func folder(_ id: Int64, parent: Int64? = nil, _ visibility: FolderVisibility = .everyone, companies: [Int64] = [])
        -> SolutionFolder
    {
        SolutionFolder(
            tenantID: TenantID(1), id: SolutionFolderID(id), categoryID: SolutionCategoryID(1), parentID: parent.map(SolutionFolderID.init),
            name: "F\(id)", description: nil, visibility: visibility, companyIDs: companies.map(CompanyID.init), at: Self.now)
    }

    @Test func visibility_holdsAlongTheChain() {
        let tree = FolderTree([
            Self.folder(1), Self.folder(2, parent: 1, .signedInCustomers), Self.folder(3, parent: 2),
            Self.folder(4, .companies, companies: [7]), Self.folder(5, parent: 4), Self.folder(6, .agents), Self.folder(8, parent: 6),
        ])
        func ids(_ reader: KnowledgeReader) -> [Int64] { tree.readable(by: reader).map(\.id.rawValue).sorted() }
        #expect(ids(.visitor) == [1], "a visitor reads public folders only; a public folder under a closed one stays closed")
        #expect(ids(.customer(companies: [])) == [1, 2, 3])
        #expect(ids(.customer(companies: [CompanyID(7)])) == [1, 2, 3, 4, 5])
        #expect(ids(.customer(companies: [CompanyID(9)])) == [1, 2, 3])
        #expect(ids(.agent) == [1, 2, 3, 4, 5, 6, 8])
    }

    @Test func depthsDescendantsAndHeights() {
        let tree = FolderTree([
            Self.folder(1), Self.folder(2, parent: 1), Self.folder(3, parent: 2), Self.folder(4, parent: 1), Self.folder(5),
        ])
        #expect(tree.depth(SolutionFolderID(3)) == 3)
        #expect(tree.descendants(of: SolutionFolderID(1)) == Set([2, 3, 4].map(SolutionFolderID.init)))
        #expect(tree.height(SolutionFolderID(1)) == 3 && tree.height(SolutionFolderID(5)) == 1)
        #expect(tree.chain(SolutionFolderID(3)).map(\.id.rawValue) == [3, 2, 1])
        #expect(tree.subFolders(of: SolutionFolderID(1)).map(\.id.rawValue) == [2, 4])
        // A damaged store with a loop still ends the chain.
        let looped = FolderTree([Self.folder(1, parent: 2), Self.folder(2, parent: 1)])
        #expect(looped.chain(SolutionFolderID(1)).count == 2)
    }

    @Test func searchTerms_areWordsOnly() {
        #expect(ArticleSearchTerms.query("Printer won't print!") == #""printer"* OR "won"* OR "t"* OR "print"*"#)
        #expect(ArticleSearchTerms.query(#"a" OR NEAR(x) * ^title:"#) == #""a"* OR "or"* OR "near"* OR "x"* OR "title"*"#)
        #expect(ArticleSearchTerms.query(" \t*()\"") == nil)
        #expect(ArticleSearchTerms.words("Café café CAFÉ") == ["café"])
        #expect(ArticleSearchTerms.words(String(repeating: "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 ", count: 3)).count == 12)
    }
}
