import Logging
import PostgresNIO
import Synchronization

/// Which of Haven's statements run as named prepared statements on the engine's connections. PostgreSQL then parses
/// and plans a statement once per connection instead of on every execution — for the short statements Haven sends,
/// most of the server's work (pgbench on this schema: about three times the transactions per second).
///
/// A statement is named by its text *and* the kinds of its binds: PostgreSQL fixes a prepared statement's parameter
/// types when it parses it, so the same text bound once with a null (a type PostgreSQL infers) and once with an
/// integer must be two statements, or a later call's bytes would be read as the first call's type. Named this way,
/// each execution means exactly what the unnamed statement with the same binds would.
///
/// Connections never forget a prepared statement, so the catalog bounds how many there are: a text is prepared the
/// second time it is seen (one-off statements — a report, a search of an unusual shape — stay unnamed), statements
/// with many binds (multi-row inserts, long `IN` lists, whose texts vary with their length) are never prepared, and
/// past `limit` names every new text is sent unnamed. Names are this process's own (`haven_1`, `haven_2`, …); each
/// connection prepares a name the first time it runs it.
final class PreparedStatementCatalog: Sendable {
    /// A prepared statement: its name, its text with numbered placeholders, the types PostgreSQL is told.
    struct Statement: Sendable {
        let name: String
        let text: String
        let types: [PostgresDataType]
    }

    /// The most binds a prepared statement has: their kinds fit one 64-bit key (3 bits each).
    static let maximumBinds = 21

    private struct Shape: Hashable {
        let text: String
        let kinds: UInt64
    }

    private struct State {
        var statements: [Shape: Statement] = [:]
        var sightings: Set<Shape> = []
        var named = 0
        var warned = false
    }

    private let state = Mutex(State())
    let limit: Int
    private let logger: Logger

    init(limit: Int = 1000, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// The prepared statement for `text` (the key: any stable form of the statement) bound with `values`, or nil
    /// when it runs unnamed. `numbered` makes the text PostgreSQL gets, only when a statement is first named.
    func statement(for text: String, binds values: [DBValue], numbered: () -> String) -> Statement? {
        guard let shape = Self.shape(text, values) else { return nil }
        let (statement, full) = self.state.withLock { state -> (Statement?, Bool) in
            if let statement = state.statements[shape] { return (statement, false) }
            guard state.statements.count < self.limit else {
                defer { state.warned = true }
                return (nil, !state.warned)
            }
            guard state.sightings.remove(shape) != nil else {
                if state.sightings.count < 4 * self.limit { state.sightings.insert(shape) }
                return (nil, false)
            }
            state.named += 1
            let statement = Statement(name: "haven_\(state.named)", text: numbered(), types: values.map(Self.type))
            state.statements[shape] = statement
            return (statement, false)
        }
        if full {
            self.logger.warning(
                "prepared statements: the limit is reached; statements not yet prepared are parsed on every execution",
                metadata: ["limit": "\(self.limit)"])
        }
        return statement
    }

    /// Gives up `statement`'s name: the shape is prepared again, under a new name, the next times it is seen.
    /// postgres-nio remembers a failed preparation for the connection's life (one attempted in a transaction a
    /// failed statement had aborted, say), and PostgreSQL refuses every later execution of a plan whose result
    /// columns a migration changed; a new name is a new preparation on every connection.
    func retire(_ statement: Statement, text: String, binds values: [DBValue]) {
        guard let shape = Self.shape(text, values) else { return }
        self.state.withLock { state in
            if state.statements[shape]?.name == statement.name { state.statements[shape] = nil }
        }
    }

    private static func shape(_ text: String, _ values: [DBValue]) -> Shape? {
        guard values.count <= Self.maximumBinds else { return nil }
        var kinds: UInt64 = 0
        for (position, value) in values.enumerated() {
            kinds |= UInt64(Self.kind(value)) << (3 * UInt64(position))
        }
        return Shape(text: text, kinds: kinds)
    }

    private static func kind(_ value: DBValue) -> UInt8 {
        switch value {
        case .null: return 1
        case .int: return 2
        case .text: return 3
        case .real: return 4
        case .blob: return 5
        }
    }

    /// The type `PostgresSession` binds each value as; a null's is left for PostgreSQL to infer, as unnamed.
    private static func type(_ value: DBValue) -> PostgresDataType {
        switch value {
        case .null: return .null
        case .int: return .int8
        case .text: return .text
        case .real: return .float8
        case .blob: return .bytea
        }
    }
}

/// A prepared statement whose name and text are chosen at run time. postgres-nio's `execute` prepares a statement
/// once per connection, keyed by name, but reads the name, text and types from the statement's *type*; the
/// session sets them for the one call (`current`), which reads them before it suspends and again, on the same
/// task, if the statement fails.
struct NamedStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    @TaskLocal static var current = PreparedStatementCatalog.Statement(name: "", text: "", types: [])

    static var name: String { Self.current.name }
    static var sql: String { Self.current.text }
    static var bindingDataTypes: [PostgresDataType] { Self.current.types }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { self.bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
