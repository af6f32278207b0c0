import Foundation
import HTTPTypes
import HavenCore
import HavenStore
import Logging
import Testing

/// The PostgreSQL engine as an operator meets it: the URL, the roles it accepts, `haven migrate` and `haven serve`
/// with `--database-url`, and values coming back in the shapes SQLite gives.
@Suite("PostgreSQL engine")
struct PostgresEngineTests {
    static func quietLogger() -> Logger {
        var logger = Logger(label: "postgres-engine-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func theDatabaseURLIsParsedOrRefusedNamingThePart() throws {
        let url = try DatabaseURL(parsing: "postgres://haven_node:p%40ss@db.internal:6543/helpdesk")
        #expect(url.user == "haven_node" && url.password == "p@ss" && url.host == "db.internal" && url.port == 6543)
        #expect(url.database == "helpdesk" && url.tls == .verifyFull)
        #expect(!url.redacted.contains("p@ss") && !url.redacted.contains("p%40ss"))
        let local = try DatabaseURL(parsing: "postgresql://owner@127.0.0.1/haven")
        #expect(local.port == 5432 && local.password == nil && local.tls == .disable)
        #expect(try DatabaseURL(parsing: "postgres://u@10.0.0.5/h?sslmode=disable").tls == .disable)
        let refused: [(String, String)] = [
            ("mysql://u@h/db", "postgres://"), ("postgres://u@h", "no database"), ("postgres://h/db", "no user"),
            ("postgres://u@h:0/db", "port"), ("postgres://u@h:99999/db", "port"), ("postgres://u@h/db?sslmode=prefer", "sslmode"),
            ("postgres://u@h/db?application_name=x", "application_name"), ("postgres://u:%4@h/db", "%-escape"),
            ("postgres://u@:5432/db", "no host"),
        ]
        for (text, named) in refused {
            #expect(throws: HavenError.self, "\(text)") { try DatabaseURL(parsing: text) }
            do {
                _ = try DatabaseURL(parsing: text)
            } catch {
                #expect("\(error)".contains(named), "\(text): \(error)")
            }
        }
    }

    @Test func aggregatesAndBooleansComeBackAsOnSQLite() async throws {
        try await RepositoryContractTests.withStore(.postgres) { store, _, _, _ in
            let row = try await store.read { sql in
                try await sql.first(
                    """
                    SELECT sum(x) AS total, avg(x) AS mean, 1 < 2 AS yes, sum(-x * 1000000000000) AS big, 12.25::numeric AS exact,
                        count(*) AS n
                    FROM (VALUES (1::bigint), (2), (4)) AS v(x)
                    """)
            }
            let values = try #require(row)
            #expect(try values.int("total") == 7)
            #expect(try values.bool("yes"))
            #expect(try values.int("big") == -7_000_000_000_000)
            #expect(try values.int("n") == 3)
            guard case .real(let mean) = try values.optionalValue("mean"), case .real(let exact) = try values.optionalValue("exact") else {
                Issue.record("avg and a fraction are not doubles")
                return
            }
            #expect(abs(mean - 7.0 / 3.0) < 1e-9 && exact == 12.25)
        }
    }

    /// PostgreSQL's message for a refused value quotes the value; the error Haven logs names the statement only.
    @Test func aRefusedValueIsNotQuotedInTheError() async throws {
        try await RepositoryContractTests.withStore(.postgres) { store, _, _, _ in
            do {
                _ = try await store.read { sql in try await sql.all("SELECT \("ada@secret.example")::bigint AS n") }
                Issue.record("a text was taken as a number")
            } catch let error as StoreError {
                #expect(!error.logDescription.contains("ada@secret.example"), "\(error.logDescription)")
                #expect(error.logDescription.contains("22P02"), "\(error.logDescription)")
            }
        }
    }

    @Test func aSuperuserOrAnUnmigratedDatabaseIsRefused() async throws {
        let server = try await PostgresServer.shared()
        let (owner, node) = try await server.database()
        // The template is migrated; a database made without it is not.
        let bare = "haven_bare_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        _ = try await server.superuser("CREATE DATABASE \(bare) OWNER haven_owner")
        var unmigrated = node
        unmigrated.database = bare
        let keys = NSTemporaryDirectory() + "haven-pg-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        do {
            _ = try await Store.open(databaseURL: unmigrated, keyDirectory: keys, logger: Self.quietLogger())
            Issue.record("an unmigrated database was opened")
        } catch {
            #expect("\(error)".contains("haven migrate"), "\(error)")
        }
        _ = try await server.superuser("CREATE ROLE haven_root_\(getpid()) LOGIN SUPERUSER PASSWORD 'root-secret'")
        var superuser = owner
        superuser.user = "haven_root_\(getpid())"
        superuser.password = "root-secret"
        do {
            _ = try await Store.open(databaseURL: superuser, keyDirectory: keys, logger: Self.quietLogger())
            Issue.record("a superuser connection was accepted")
        } catch {
            #expect("\(error)".contains("row-level security"), "\(error)")
        }
        _ = try await server.superuser("DROP ROLE haven_root_\(getpid())")
    }

    @Test func theBinaryMigratesAsOwnerAndServesAsNode() async throws {
        let server = try await PostgresServer.shared()
        let bare = "haven_cli_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        _ = try await server.superuser("CREATE DATABASE \(bare) OWNER haven_owner")
        let owner = "postgres://haven_owner:owner-secret@127.0.0.1:\(server.port)/\(bare)"
        let node = "postgres://haven_node:node-secret@127.0.0.1:\(server.port)/\(bare)"
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        // Before the migration the node is told what to do.
        let early = try await CLITests.runDetached(["tenant", "list", "--data-dir", data, "--database-url", node])
        #expect(early.status == 1 && early.stderr.contains("haven migrate"), "\(early.stderr)")
        let migrated = try await CLITests.runDetached(["migrate", "--data-dir", data, "--database-url", owner])
        #expect(migrated.status == 0 && migrated.stdout.contains("\"applied\":\(Migrations.all.count)"), "\(migrated.stderr)")
        let again = try await CLITests.runDetached(["migrate", "--data-dir", data, "--database-url", owner])
        #expect(again.status == 0 && again.stdout.contains("\"applied\":0"), "\(again.stderr)")
        let created = try await CLITests.runDetached(
            ["tenant", "create", "--data-dir", data, "--name", "Pg", "--subdomain", "pg", "--admin-email", "admin@pg.example"],
            environment: ["HAVEN_DATABASE_URL": node])
        #expect(created.status == 0, "\(created.stderr)")
        let key = try #require(try JSONParser.parse(created.stdout.trimmingWhitespace()).objectValue?.string("api_key"))
        let port = FreePort.next()
        let (serving, output) = try CLITests.startServing(
            data: data, httpPort: port, httpsPort: FreePort.next(), extra: ["--http-api-on-loopback"],
            environment: ["HAVEN_DATABASE_URL": node])
        defer {
            serving.interrupt()
            _ = serving.waitUntilExit()
        }
        #expect(output.contains("Haven is serving"), "\(output)")
        let client = TestHTTPClient(port: port)
        defer { Task { await client.shutdown() } }
        let ticket = try await client.call(
            .post, "/api/v2/tickets", key: key,
            json: ["subject": "Filed on PostgreSQL", "description": "x", "email": "c@pg.example", "priority": 1, "status": 2],
            host: "pg.localhost")
        #expect(ticket.status == 201, "\(ticket.text)")
        let listed = try await client.call(.get, "/api/v2/tickets", key: key, host: "pg.localhost")
        #expect(listed.array?.count == 1)
    }
}
