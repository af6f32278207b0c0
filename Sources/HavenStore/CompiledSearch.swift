public import HavenCore

/// A compiled search: a tree of AND/OR over leaves. Leaves on clear columns are exact SQL; leaves on sealed values
/// carry a SQL superset (blind-index candidates, or nothing = every row) and are decided on the decrypted record.
/// The language has no NOT, so the superset of every leaf gives a superset of the whole query.
public struct CompiledSearch: Sendable {
    public enum CustomType: Sendable { case string, integer, boolean, date }

    public enum Check: Sendable {
        case email(String)
        case phone(field: String, String)
        case text(Set<String>)
        case custom(name: String, type: CustomType, op: SearchCondition.Operator, value: SearchValue)
        case domain(String?)
    }

    public enum Leaf: Sendable {
        case exact(SQL)
        case sealed(Check, prefilter: SQL?)
    }

    public indirect enum Node: Sendable {
        case and(Node, Node)
        case or(Node, Node)
        case leaf(Int)
    }

    public let root: Node
    public let leaves: [Leaf]

    /// True when SQL alone answers the query (count and paging in the database).
    public var isExact: Bool {
        self.leaves.allSatisfy { if case .exact = $0 { return true } else { return false } }
    }

    public var needsText: Bool {
        self.leaves.contains { if case .sealed(.text, _) = $0 { return true } else { return false } }
    }

    /// The SQL condition: exact when `isExact`, otherwise a superset of the matches.
    public var condition: SQL {
        func build(_ node: Node) -> SQL {
            switch node {
            case .and(let left, let right): return "(" + build(left) + ") AND (" + build(right) + ")"
            case .or(let left, let right): return "(" + build(left) + ") OR (" + build(right) + ")"
            case .leaf(let index):
                switch self.leaves[index] {
                case .exact(let sql): return sql
                case .sealed(_, let prefilter): return prefilter ?? "1 = 1"
                }
            }
        }
        return build(self.root)
    }

    /// Decides the query for one candidate: exact leaves from the row's computed columns, sealed ones by `check`.
    func matches(exact: (Int) throws -> Bool, check: (Check) -> Bool) rethrows -> Bool {
        func evaluate(_ node: Node) throws -> Bool {
            switch node {
            case .and(let left, let right): return try evaluate(left) && evaluate(right)
            case .or(let left, let right): return try evaluate(left) || evaluate(right)
            case .leaf(let index):
                switch self.leaves[index] {
                case .exact: return try exact(index)
                case .sealed(let c, _): return check(c)
                }
            }
        }
        return try evaluate(self.root)
    }

    /// A sealed custom-field condition decided on the decrypted custom fields, with the semantics the SQL had:
    /// strings case-insensitive, numbers and dates compared, an unset checkbox is false.
    public static func matchesCustom(_ fields: JSONObject, name: String, type: CustomType, op: SearchCondition.Operator, value: SearchValue)
        -> Bool
    {
        let stored = fields[name]
        if case .null = value {
            return stored == nil || stored == .null
        }
        switch (type, value) {
        case (.string, .string(let wanted)):
            return stored?.stringValue.map { $0.lowercased() == wanted.lowercased() } ?? false
        case (.integer, .integer(let wanted)):
            guard let number = stored?.intValue else { return false }
            return self.compare(number, wanted, op)
        case (.boolean, .boolean(let wanted)):
            return (stored?.boolValue ?? false) == wanted
        case (.date, .string(let wanted)):
            guard let day = stored?.stringValue else { return false }
            return self.compare(day, wanted, op)
        default:
            return false
        }
    }

    static func compare<T: Comparable>(_ stored: T, _ wanted: T, _ op: SearchCondition.Operator) -> Bool {
        switch op {
        case .equals: return stored == wanted
        case .atLeast: return stored >= wanted
        case .atMost: return stored <= wanted
        }
    }
}

/// Runs a compiled search over one table: entirely in SQL when it is exact, otherwise over at most
/// `candidateLimit` candidates decrypted and checked in memory, newest first.
enum SearchExecution {
    static let candidateLimit = 10_000

    static func run<T>(
        table: String,
        base: SQL,
        search: CompiledSearch,
        page: PageRequest,
        on sql: SQLExecutor,
        decode: ([Row]) async throws -> [T],
        verify: (T, CompiledSearch.Check) -> Bool
    ) async throws -> (total: Int64, items: [T]) {
        let from = SQL(raw: "FROM \(table) WHERE ") + base + " AND (" + search.condition + ")"
        if search.isExact {
            let total = try await sql.scalar("SELECT count(*) AS n " + from)
            let rows = try await sql.all("SELECT * " + from + " ORDER BY created_at DESC, id DESC" + page.limitClause)
            return (total, Array(try await decode(rows).prefix(page.perPage)))
        }
        var select = SQL(raw: "SELECT *")
        for (index, leaf) in search.leaves.enumerated() {
            if case .exact(let condition) = leaf {
                select.append(raw: ", (CASE WHEN ")
                select.append(condition)
                select.append(raw: " THEN 1 ELSE 0 END) AS leaf_\(index)")
            }
        }
        let rows = try await sql.all(
            select + " " + from + SQL(raw: " ORDER BY created_at DESC, id DESC LIMIT \(Self.candidateLimit + 1)")
        )
        guard rows.count <= Self.candidateLimit else {
            throw HavenError.validation([
                .invalid("query", "The query matches more than \(Self.candidateLimit) records before decryption; add a narrower condition")
            ])
        }
        let decoded = try await decode(rows)
        var matches: [T] = []
        for (row, item) in zip(rows, decoded) {
            let hit = try search.matches(exact: { try row.bool("leaf_\($0)") }, check: { verify(item, $0) })
            if hit { matches.append(item) }
        }
        let start = min(matches.count, (page.page - 1) * page.perPage)
        let end = min(matches.count, start + page.perPage)
        return (Int64(matches.count), Array(matches[start..<end]))
    }
}
