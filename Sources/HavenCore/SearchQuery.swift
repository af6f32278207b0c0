/// The parsed form of a Freshdesk search query (`"priority:3 AND (status:2 OR tag:'vip')"`): syntax only. Which
/// fields exist and what types they take depends on the resource and is checked when the query is compiled.
public indirect enum SearchExpression: Sendable, Equatable {
    case and(SearchExpression, SearchExpression)
    case or(SearchExpression, SearchExpression)
    case condition(SearchCondition)

    /// Whether any condition names `field`.
    public func mentions(_ field: String) -> Bool {
        switch self {
        case .and(let left, let right), .or(let left, let right): return left.mentions(field) || right.mentions(field)
        case .condition(let condition): return condition.field == field
        }
    }
}

public struct SearchCondition: Sendable, Equatable {
    public enum Operator: Sendable, Equatable {
        /// `field:value`
        case equals
        /// `field:>value`, which Freshdesk defines as "greater than or equal".
        case atLeast
        /// `field:<value`, "less than or equal".
        case atMost
    }

    /// Lower-cased field name as written.
    public var field: String
    public var op: Operator
    public var value: SearchValue

    public init(field: String, op: Operator, value: SearchValue) {
        self.field = field
        self.op = op
        self.value = value
    }
}

public enum SearchValue: Sendable, Equatable {
    case integer(Int64)
    case boolean(Bool)
    case null
    case string(String)

}
