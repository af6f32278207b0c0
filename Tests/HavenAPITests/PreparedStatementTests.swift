import Foundation
import HavenCore
import HavenStore
import Logging
import Testing

/// Statements run as named prepared statements on PostgreSQL (parsed and planned once per connection), and doing
/// so changes nothing a statement means: values of other kinds in the same text, a preparation that failed, and a
/// transaction a failed statement aborted all behave as they do unprepared. One connection in the pool, so each test
/// knows which connection its statements meet.
@Suite(
    "PostgreSQL prepared statements",
    .enabled(if: TestServer.engine == .postgres, "runs in the PostgreSQL pass (HAVEN_TEST_DATABASE=postgres)"))
struct PreparedStatementTests {
    static func withOneConnection(_ body: (HavenDatabase) async throws -> Void) async throws {
        let (_, node) = try await PostgresServer.shared().database()
        let database = await HavenDatabase.open(url: node, maximumConnections: 1, logger: PostgresEngineTests.quietLogger())
        do {
            try await body(database)
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    @Test func aStatementRunAgainIsPreparedOnItsConnection() async throws {
        try await Self.withOneConnection { database in
            for _ in 0..<3 {
                let row = try await database.read { sql in try await sql.first("SELECT \(Int64(40)) + 2 AS answer") }
                #expect(try row?.int("answer") == 42)
            }
            let prepared = try await database.read { sql in
                try await sql.all("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'haven\\_%'").map {
                    try $0.string("statement")
                }
            }
            #expect(prepared.contains("SELECT $1 + 2 AS answer"), "prepared: \(prepared)")
            // The transactions' own statements too.
            #expect(prepared.contains("COMMIT"), "prepared: \(prepared)")
        }
    }

    /// PostgreSQL fixes a prepared statement's parameter types when it parses it: one text bound with a null, an
    /// integer, a text and a double must each get the value it was given (not bytes read as the first call's type).
    @Test func theSameTextWithValuesOfOtherKindsMeansWhatItSays() async throws {
        try await Self.withOneConnection { database in
            let values: [(DBValue, String)] = [
                (.null, "none"), (.int(42), "42"), (.text("hello, world"), "hello, world"), (.real(2.5), "2.5"), (.null, "none"),
                (.text("12345678"), "12345678"), (.int(-7), "-7"), (.blob([0x68, 0x69]), "\\x6869"),
            ]
            for _ in 0..<3 {
                for (value, shown) in values {
                    let row = try await database.read { sql in try await sql.first("SELECT coalesce(\(value)::text, 'none') AS shown") }
                    #expect(try row?.string("shown") == shown, "\(value)")
                }
            }
        }
    }

    /// A statement first prepared inside a transaction a failed statement aborted cannot be prepared, and postgres-nio
    /// keeps that failure for the connection's life. The statement gets a new name, so it works again on the same
    /// connection (closing connections under a pool that hands them out is no remedy: the pool may lend one closing).
    @Test func aFailedPreparationDoesNotStayWithTheStatement() async throws {
        try await Self.withOneConnection { database in
            let statement: SQL = "SELECT count(*) AS n FROM pg_class WHERE relname = \("pg_proc")"
            let first = try await database.read { sql in try await sql.scalar("SELECT pg_backend_pid()") }
            _ = try await database.read { sql in try await sql.scalar(statement) }
            await #expect(throws: StoreError.self) {
                try await database.read { sql in
                    _ = try? await sql.scalar("SELECT 1 / \(Int64(0))")
                    // Seen the second time: prepared now, in a transaction PostgreSQL has aborted.
                    return try await sql.scalar(statement)
                }
            }
            for _ in 0..<3 {
                #expect(try await database.read { sql in try await sql.scalar(statement) } == 1)
            }
            let later = try await database.read { sql in try await sql.scalar("SELECT pg_backend_pid()") }
            #expect(later == first, "the test meant one connection throughout")
        }
    }

    /// PostgreSQL answers COMMIT of an aborted transaction with a rollback, not an error: a body that caught a failed
    /// statement and returned must fail, not report changes that were never stored.
    @Test func aTransactionAFailedStatementAbortedIsNotReportedAsCommitted() async throws {
        try await Self.withOneConnection { database in
            try await database.write { sql in try await sql.execute("CREATE TEMPORARY TABLE notes (n bigint)") }
            await #expect(throws: StoreError.self) {
                try await database.write { sql in
                    try await sql.execute("INSERT INTO notes VALUES (\(Int64(1)))")
                    _ = try? await sql.scalar("SELECT 1 / \(Int64(0))")
                }
            }
            try await database.write { sql in try await sql.execute("INSERT INTO notes VALUES (\(Int64(2)))") }
            let stored = try await database.read { sql in try await sql.all("SELECT n FROM notes").map { try $0.int("n") } }
            #expect(stored == [2])
        }
    }
}
