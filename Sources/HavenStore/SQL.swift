public import HavenCore

/// A value bound into a statement. Only these shapes reach the database, so no value is ever spliced into SQL text.
public enum DBValue: Sendable, Equatable {
    case null
    case int(Int64)
    case text(String)
    case real(Double)
    /// Sealed values (field envelopes) and wrapped keys.
    case blob([UInt8])

    public static func optional(_ value: Int64?) -> DBValue { value.map { .int($0) } ?? .null }
    public static func optional(_ value: String?) -> DBValue { value.map { .text($0) } ?? .null }
    public static func bool(_ value: Bool) -> DBValue { .int(value ? 1 : 0) }
}

/// A statement under construction: SQL text with its values kept apart as binds, so each engine writes its own
/// placeholder syntax. The text is kept with `?` where each value goes (SQLite's form, ready to run without a
/// rewrite per call), and `placeholders` records where each `?` is, so another engine can write `$1`, `$2`, … in
/// exactly those places (a `?` inside a quoted literal is not a placeholder). Dynamic WHERE clauses (filters,
/// search) are built by appending fragments; values always travel as binds.
public struct SQL: Sendable, ExpressibleByStringInterpolation {
    private(set) var text: String
    private(set) var binds: [DBValue]
    /// UTF-8 offsets of the placeholders in `text`, one per bind.
    private(set) var placeholders: [Int]
    /// The tenant the statement is about: the first tenant id interpolated into it. PostgreSQL's engine makes it the
    /// transaction's row-level-security tenant before the statement runs, so the database's own wall follows the
    /// repository's filter (and a statement that lost its filter still sees only that tenant).
    public private(set) var tenant: TenantID?
    /// Set on the few statements that work across tenants by nature (`CrossTenantPath`): on PostgreSQL, the wall
    /// lets exactly this path through, on exactly the tables listed for it.
    public private(set) var path: CrossTenantPath?

    /// Trusted SQL text, never user input. (Unlabeled `SQL("…")` would be a literal, whose interpolations bind.)
    public init(raw: String) {
        self.text = raw
        self.binds = []
        self.placeholders = []
        self.tenant = nil
        self.path = nil
    }

    /// `statement`, marked as work across tenants along `path` — unless it names a tenant, which then bounds it as
    /// any statement (so a query with an optional tenant filter is marked once, whether the filter is there or not).
    public static func across(_ path: CrossTenantPath, _ statement: SQL) -> SQL {
        var marked = statement
        marked.path = path
        return marked
    }

    public init(stringLiteral value: String) {
        self.init(raw: value)
    }

    /// `"SELECT … WHERE tenant_id = \(tenant)"`: every interpolated value becomes a bind, never SQL text.
    public init(stringInterpolation: SQLInterpolation) {
        self = stringInterpolation.sql
    }

    /// A tenant id bound as the statement's tenant (see `tenant`).
    public static func tenant(_ tenant: TenantID) -> SQL {
        var sql = SQL(raw: "")
        sql.append(tenant: tenant)
        return sql
    }

    public static func bind(_ value: DBValue) -> SQL {
        var sql = SQL(raw: "")
        sql.append(bind: value)
        return sql
    }

    /// Appends trusted SQL text. Labeled on purpose: an unlabeled `append("… \(value) …")` resolves to the `SQL`
    /// overload, whose interpolations bind, so a value can never be spliced into SQL text by accident.
    public mutating func append(raw: String) {
        self.text += raw
    }

    public mutating func append(bind value: DBValue) {
        self.placeholders.append(self.text.utf8.count)
        self.text += "?"
        self.binds.append(value)
    }

    public mutating func append(_ other: SQL) {
        let offset = self.text.utf8.count
        self.text += other.text
        self.binds += other.binds
        self.placeholders += other.placeholders.map { $0 + offset }
        if self.tenant == nil { self.tenant = other.tenant }
        if self.path == nil { self.path = other.path }
    }

    /// Binds a tenant id and records it as the statement's tenant (see `tenant`).
    public mutating func append(tenant: TenantID) {
        self.append(bind: .int(tenant.rawValue))
        if self.tenant == nil { self.tenant = tenant }
    }

    /// Appends `(?, ?, …)` with one bind per value.
    public mutating func appendList(_ values: [DBValue]) {
        self.append(raw: "(")
        for (offset, value) in values.enumerated() {
            if offset > 0 { self.append(raw: ", ") }
            self.append(bind: value)
        }
        self.append(raw: ")")
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// SQLite's form: `?` placeholders and the values in order.
    var sqliteForm: (text: String, binds: [DBValue]) {
        (self.text, self.binds)
    }

    /// The text with numbered placeholders (`$1`, `$2`, …) where the binds go, for engines that number them.
    public func numberedText(prefix: String = "$") -> String {
        var result = ""
        var utf8 = Array(self.text.utf8)[...]
        var consumed = 0
        for (number, offset) in self.placeholders.enumerated() {
            result += String(decoding: utf8.prefix(offset - consumed), as: UTF8.self) + prefix + String(number + 1)
            utf8 = utf8.dropFirst(offset - consumed + 1)
            consumed = offset + 1
        }
        return result + String(decoding: utf8, as: UTF8.self)
    }
}

/// The interpolation behind `SQL` literals.
public struct SQLInterpolation: StringInterpolationProtocol {
    var sql = SQL(raw: "")

    public init(literalCapacity: Int, interpolationCount: Int) {}

    public mutating func appendLiteral(_ literal: String) { self.sql.append(raw: literal) }
    public mutating func appendInterpolation(_ value: DBValue) { self.sql.append(bind: value) }
    public mutating func appendInterpolation(_ value: Int64) { self.sql.append(bind: .int(value)) }
    public mutating func appendInterpolation(_ value: Int64?) { self.sql.append(bind: .optional(value)) }
    public mutating func appendInterpolation(_ value: String) { self.sql.append(bind: .text(value)) }
    public mutating func appendInterpolation(_ value: String?) { self.sql.append(bind: .optional(value)) }
    public mutating func appendInterpolation(_ value: Bool) { self.sql.append(bind: .bool(value)) }
    public mutating func appendInterpolation<K>(_ value: Identifier<K>) { self.sql.append(bind: .int(value.rawValue)) }
    public mutating func appendInterpolation(_ value: TenantID) { self.sql.append(tenant: value) }
    public mutating func appendInterpolation<K>(_ value: Identifier<K>?) {
        self.sql.append(bind: .optional(value?.rawValue))
    }
    public mutating func appendInterpolation(_ value: Timestamp) {
        self.sql.append(bind: .int(value.secondsSince1970))
    }
    public mutating func appendInterpolation(_ value: Timestamp?) {
        self.sql.append(bind: .optional(value?.secondsSince1970))
    }
    public mutating func appendInterpolation(_ value: SQL) { self.sql.append(value) }
}
