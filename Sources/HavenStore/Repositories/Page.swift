/// A page request, 1-based. Repositories fetch `perPage + 1` rows so callers know whether a next page exists
/// without a count query.
public struct PageRequest: Sendable, Equatable {
    public let page: Int
    public let perPage: Int

    public init(page: Int, perPage: Int) {
        self.page = page
        self.perPage = perPage
    }

    var limitClause: SQL {
        " LIMIT \(Int64(self.perPage + 1)) OFFSET \(Int64((self.page - 1) * self.perPage))"
    }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var hasMore: Bool

    public init(items: [Item], hasMore: Bool) {
        self.items = items
        self.hasMore = hasMore
    }

    init(fetched: [Item], request: PageRequest) {
        self.hasMore = fetched.count > request.perPage
        self.items = Array(fetched.prefix(request.perPage))
    }
}
