import HavenCore

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
/// placeholder syntax (`?` for SQLite). Dynamic WHERE clauses (filters, search) are built by appending fragments;
/// values always travel as binds.
public struct SQL: Sendable, ExpressibleByStringInterpolation {
    enum Piece: Sendable {
        case raw(String)
        case bind(DBValue)
    }

    private(set) var pieces: [Piece]

    /// Trusted SQL text, never user input. (Unlabeled `SQL("…")` would be a literal, whose interpolations bind.)
    public init(raw: String) {
        self.pieces = [.raw(raw)]
    }

    public init(stringLiteral value: String) {
        self.init(raw: value)
    }

    /// `"SELECT … WHERE tenant_id = \(tenant)"`: every interpolated value becomes a bind, never SQL text.
    public init(stringInterpolation: SQLInterpolation) {
        self = stringInterpolation.sql
    }

    public static func bind(_ value: DBValue) -> SQL {
        var sql = SQL(raw: "")
        sql.pieces = [.bind(value)]
        return sql
    }

    /// Appends trusted SQL text. Labeled on purpose: an unlabeled `append("… \(value) …")` resolves to the `SQL`
    /// overload, whose interpolations bind, so a value can never be spliced into SQL text by accident.
    public mutating func append(raw: String) {
        self.pieces.append(.raw(raw))
    }

    public mutating func append(bind value: DBValue) {
        self.pieces.append(.bind(value))
    }

    public mutating func append(_ other: SQL) {
        self.pieces.append(contentsOf: other.pieces)
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
        var text = ""
        var binds: [DBValue] = []
        for piece in self.pieces {
            switch piece {
            case .raw(let raw): text += raw
            case .bind(let value):
                text += "?"
                binds.append(value)
            }
        }
        return (text, binds)
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
