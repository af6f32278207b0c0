import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Logging
import Synchronization
import Testing

/// The SQLite engine's own promises: statements never leave their connection's thread, group commit answers only
/// committed changes and keeps a failed member's work (and its keys) out of the group, and SQL values keep their
/// binds apart from their text.
@Suite struct StorageEngineTests {
    /// SQLite's own machinery (its threads and group commit); PostgreSQL's connections have no thread of their own.
    @Test(.enabled(if: TestServer.engine == .sqlite)) func aWholeAPIWorkload_runsEveryStatementOnItsConnectionsThread() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            for n in 0..<20 {
                let made = try await client.call(
                    .post, "/api/v2/tickets", key: key, json: ["subject": .string("T\(n)"), "email": .string("p\(n % 3)@alpha.example")])
                let id = try #require(made.object?.int("id"))
                _ = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
                _ = try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["priority": 3])
                _ = try await client.call(.post, "/api/v2/tickets/\(id)/notes", key: key, json: ["body": "note"])
            }
            _ = try await client.call(.get, "/api/v2/tickets?per_page=100&include=requester,stats", key: key)
            _ = try await client.call(.get, "/api/v2/search/tickets?query=%22priority:3%22", key: key)
            #expect(server.store.database.statementsOffThread == 0)
            #expect(server.store.database.writeStatistics.transactions >= 60)
        }
    }

    @Test func groupCommit_answersOnlyCommittedWork_andDropsAFailedMembersKeys() async throws {
        let directory = NSTemporaryDirectory() + "haven-engine-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "engine")
        logger.logLevel = .critical
        let store = try await Composition.open(
            Composition.Storage(dataDirectory: directory), clock: ManualClock(TestServer.epoch), logger: logger
        ).store
        do {
            let tenant = try await Provisioning(store: store, actor: .cli("test")).createTenant(
                name: "Group", subdomain: "group", adminEmail: "admin@group.example", adminName: nil
            ).tenant.id
            struct Refused: Error {}
            let before = store.database.writeStatistics
            // The first transaction waits inside (holding the writer) until 59 more have queued behind it; every third
            // of all 60 creates a contact (and its key) and then fails.
            let gate = Gate()
            let outcomes = await withTaskGroup(of: (Int, UserID?).self) { group in
                for n in 0..<60 {
                    group.addTask {
                        if n > 0 { await gate.arrived() }
                        let id = try? await store.write { sql -> UserID in
                            if n == 0 { await gate.waitForAll(59) }
                            var contact = Contact(
                                tenantID: tenant, id: UserID(try await IDSequences.next("users", on: sql)), name: "Person \(n)",
                                createdAt: TestServer.epoch)
                            contact.email = "person\(n)@group.example"
                            try await store.contacts.insert(contact, on: sql)
                            if n % 3 == 0 { throw Refused() }
                            return contact.id
                        }
                        return (n, id)
                    }
                }
                return await group.reduce(into: [(Int, UserID?)]()) { $0.append($1) }
            }
            let after = store.database.writeStatistics
            #expect(outcomes.filter { $0.0 % 3 == 0 }.allSatisfy { $0.1 == nil })
            let committed = outcomes.compactMap { $0.0 % 3 == 0 ? nil : $0.1 }
            #expect(committed.count == 40)
            #expect(after.transactions - before.transactions == 40)
            #expect(after.commits - before.commits < 40, "commits carried several transactions: \(after.commits - before.commits)")
            // Every committed contact reads back with its own key: none was sealed under a key a failed member made.
            let read = try await store.read { sql in try await store.contacts.find(tenant, ids: committed, on: sql) }
            #expect(read.count == 40 && read.values.allSatisfy { $0.unreadable == nil && $0.name.hasPrefix("Person") })
            let failedNames = try await store.read { sql in
                try await store.contacts.list(tenant, ContactFilter(), page: PageRequest(page: 1, perPage: 100), on: sql).items.map(\.name)
            }
            #expect(!failedNames.contains { name in ["Person 0", "Person 3", "Person 57"].contains(name) })
            await store.database.close()
        } catch {
            await store.database.close()
            throw error
        }
    }

    @Test func aTransactionTheDatabaseRolledBack_isNeverReportedAsCommitted() async throws {
        let directory = NSTemporaryDirectory() + "haven-engine-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "engine")
        logger.logLevel = .critical
        let store = try await Composition.open(
            Composition.Storage(dataDirectory: directory), clock: ManualClock(TestServer.epoch), logger: logger
        ).store
        do {
            let tenant = try await Provisioning(store: store, actor: .cli("test")).createTenant(
                name: "Gone", subdomain: "gone", adminEmail: "admin@gone.example", adminName: nil
            ).tenant.id
            // The whole transaction is rolled back underneath the body (as SQLite does after some I/O errors) and
            // the body goes on without noticing: it even leaves a savepoint of the writer's name behind, so that the
            // writer's own release succeeds and only the connection's transaction state can tell.
            await #expect(throws: StoreError.self) {
                try await store.write { sql -> Int64 in
                    try await sql.execute(
                        "INSERT INTO groups (tenant_id, id, name, created_at, updated_at) VALUES (\(tenant), 9001, 'g', 0, 0)")
                    try await sql.execute("ROLLBACK")
                    try await sql.execute("SAVEPOINT member")
                    return 9001
                }
            }
            let count = try await store.read { sql in try await sql.scalar("SELECT count(*) AS n FROM groups WHERE id = 9001") }
            #expect(count == 0)
            // The writer goes on working.
            let group = try await store.write { sql -> GroupID in
                let group = AgentGroup(
                    tenantID: tenant, id: GroupID(try await IDSequences.next("groups", on: sql)), name: "After", createdAt: TestServer.epoch
                )
                try await store.groups.insert(group, on: sql)
                return group.id
            }
            #expect(try await store.read { sql in try await store.groups.find(tenant, group, on: sql) }?.name == "After")
            await store.database.close()
        } catch {
            await store.database.close()
            throw error
        }
    }

    @Test func sqlKeepsValuesOutOfTheText_andNumbersPlaceholdersForOtherEngines() {
        var sql: SQL = "SELECT * FROM t WHERE a = \(Int64(1)) AND b = '?' AND c = \("x")"
        sql.append(" AND d IN ")
        sql.appendList([.int(2), .int(3)])
        #expect(sql.numberedText() == "SELECT * FROM t WHERE a = $1 AND b = '?' AND c = $2 AND d IN ($3, $4)")
        let joined: SQL = "x = \(Int64(5))" + " OR y = \(Int64(6))"
        #expect(joined.numberedText() == "x = $1 OR y = $2")
    }
}

/// Lets one task wait until a number of others have announced themselves (and a moment more, so they reach the
/// writer's queue).
final class Gate: Sendable {
    private let count = Mutex(0)

    func arrived() async {
        self.count.withLock { $0 += 1 }
    }

    func waitForAll(_ expected: Int) async {
        while self.count.withLock({ $0 }) < expected {
            try? await Task.sleep(for: .milliseconds(1))
        }
        try? await Task.sleep(for: .milliseconds(50))
    }
}
