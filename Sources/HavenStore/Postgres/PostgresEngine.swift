import HavenCore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The PostgreSQL engine (storage.md §5): a `PostgresClient` pool, each read in one read-only snapshot
/// transaction and each write in one transaction that commits when its body returns and rolls back when it throws —
/// the same promises `HavenDatabase` makes on SQLite, so use cases and repositories run unchanged on either.
///
/// Several Haven nodes may share the database: nothing here assumes it is the only writer. One tenant's writes
/// queue behind the tenant's transaction lock (`PostgresSession`), other tenants' run in parallel.
final class PostgresEngine: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The statements transactions run prepared (migrations and the copy run theirs once, unnamed).
    let prepared: PreparedStatementCatalog
    /// The tenant each connection's session serves, so reads skip setting it again.
    let tenants = ConnectionTenants()
    /// The pool's connection manager (`PostgresClient.run`), when the engine runs it itself: from `start` to `close`
    /// for the CLI's commands and the tests. `haven serve` runs it as its service group's first service instead
    /// (`DatabasePoolService`), so the pool starts before and stops after everything that uses it.
    private let runner: Task<Void, Never>?
    /// Finished once the pool's connection manager runs (leasing before that only logs a warning, but a misleading one).
    private let running: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)
    /// The database connections' own event loop: a flood of client connections on the listeners' loops must not
    /// delay the database's answers to the requests Haven is serving.
    private let loops: MultiThreadedEventLoopGroup

    /// The transaction a task already holds: a read nested in a read or in a write runs in it rather than borrowing a
    /// second connection (with every connection held by writers waiting for a reader, the pool would deadlock). A
    /// read inside a write therefore sees that write's own changes.
    @TaskLocal private static var held: SQLExecutor?

    /// Starts the pool; returns once its connection manager runs.
    static func start(url: DatabaseURL, maximumConnections: Int, logger: Logger) async -> PostgresEngine {
        let engine = PostgresEngine(url: url, maximumConnections: maximumConnections, logger: logger, runsPool: true)
        await engine.untilPoolRuns()
        return engine
    }

    /// The engine with a pool that waits for `runPool()` (a service group's) before it connects.
    static func awaitingItsPool(url: DatabaseURL, maximumConnections: Int, logger: Logger) -> PostgresEngine {
        PostgresEngine(url: url, maximumConnections: maximumConnections, logger: logger, runsPool: false)
    }

    private init(url: DatabaseURL, maximumConnections: Int, logger: Logger, runsPool: Bool) {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: url.tls == .disable ? .disable : .require(.makeClientConfiguration()))
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 1
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.loops = loops
        let client = PostgresClient(configuration: configuration, eventLoopGroup: loops, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.prepared = PreparedStatementCatalog(logger: logger)
        let running = AsyncStream<Void>.makeStream()
        self.running = running
        self.runner =
            runsPool
            ? Task {
                running.continuation.finish()
                await client.run()
            } : nil
    }

    /// Runs the pool's connection manager until the task is cancelled (for a service group; see `runner`).
    func runPool() async {
        self.running.continuation.finish()
        await self.client.run()
    }

    /// Returns once the pool's connection manager runs.
    func untilPoolRuns() async {
        for await _ in self.running.stream {}
    }

    /// Checks that the server answers (and who Haven is there), so a wrong URL fails at start-up, not on the first
    /// request.
    func connectionRole() async throws -> (role: String, superuser: Bool, bypassesRLS: Bool) {
        try await self.exclusive { sql in
            guard
                let row = try await sql.first(
                    "SELECT current_user AS role, rolsuper AS superuser, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user")
            else { throw StoreError.database("PostgreSQL did not name the connected role") }
            return (try row.string("role"), try row.bool("superuser"), try row.bool("bypass"))
        }
    }

    func read<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        if let held = Self.held { return try await body(held) }
        return try await self.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", isWriter: false, body)
    }

    func write<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        try await self.transaction(begin: "BEGIN", isWriter: true, body)
    }

    /// A connection outside any explicit transaction (migrations open their own).
    func exclusive<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        try await self.client.withConnection { connection in
            try await body(
                SQLExecutor(
                    postgres: PostgresSession(connection: connection, logger: self.logger, isWriter: true, tenants: self.tenants),
                    isWriter: true))
        }
    }

    private func transaction<T: Sendable>(
        begin: String, isWriter: Bool, _ body: (SQLExecutor) async throws -> T
    ) async throws -> T {
        let (value, scope) = try await self.client.withConnection { connection in
            let session = PostgresSession(
                connection: connection, logger: self.logger, isWriter: isWriter, tenants: self.tenants, prepared: self.prepared)
            _ = try await session.run(begin, [])
            let scope = isWriter ? TransactionScope() : nil
            do {
                let executor = SQLExecutor(postgres: session, isWriter: isWriter, transaction: scope)
                let value = try await Self.$held.withValue(executor) { try await body(executor) }
                // PostgreSQL answers COMMIT of a transaction a failed statement aborted with a rollback, not an error:
                // a body that caught the failure and went on must not be told its changes are stored.
                if session.failed {
                    throw StoreError.database("a statement failed inside the transaction, which PostgreSQL then aborted")
                }
                // Queued with the transaction: PostgreSQL delivers them to the other nodes only if it commits.
                for notice in scope?.notices ?? [] {
                    _ = try await session.run(
                        "SELECT pg_notify($1, $2)", [.text(ChangeNotice.channel), .text(notice.payload)], readingRows: false)
                }
                _ = try await session.run("COMMIT", [])
                session.committed()
                try await session.awaitDurability()
                return (value, scope)
            } catch {
                // A failed ROLLBACK means the connection is broken; the pool closes it, the transaction is gone.
                _ = try? await session.run("ROLLBACK", [])
                throw error
            }
        }
        scope?.committed()
        return value
    }

    /// Hands every `ChangeNotice` other nodes (and this one) commit to `deliver`, until the task is cancelled. Each
    /// time it starts listening — at first and after a lost connection, when notices may have been missed — it
    /// delivers `.everything` first.
    func followChanges(_ deliver: @Sendable (ChangeNotice) -> Void) async {
        while !Task.isCancelled {
            do {
                try await self.client.withConnection { connection in
                    try await connection.listen(on: ChangeNotice.channel) { notifications in
                        deliver(.everything)
                        for try await notification in notifications {
                            if let notice = ChangeNotice(payload: notification.payload) { deliver(notice) }
                        }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                self.logger.warning(
                    "lost the database's change notices; caches rely on their lifetimes until it is back",
                    metadata: ["error": .string(LogRedaction.describe(error))])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Stops the pool (when the engine runs it; a service group stops its own) and the connections' event loop.
    func close() async {
        if let runner = self.runner {
            runner.cancel()
            await runner.value
        }
        try? await self.loops.shutdownGracefully()
    }
}
