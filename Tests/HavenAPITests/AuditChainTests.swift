import Foundation
import HavenApp
import HavenAudit
import HavenCore
import HavenStore
import Logging
import Testing

/// The audit log's hash chain on a real SQLite file: intact logs verify, and an attacker who drops the triggers and
/// edits, deletes, swaps or forges entries is named by `haven audit verify`.
@Suite("Audit hash chain")
struct AuditChainTests {
    static let logger: Logger = {
        var logger = Logger(label: "audit-test")
        logger.logLevel = .critical
        return logger
    }()

    /// A data and key directory with tenant `wayne` and six audit entries: its creation, then five updates.
    static func prepare() async throws -> (data: String, keys: String) {
        let data = NSTemporaryDirectory() + "haven-audit-" + UUID().uuidString
        let keys = data + "-keys"
        let clock = ManualClock(TestServer.epoch)
        let store = try await Store.open(dataDirectory: data, keyDirectory: keys, clock: clock, logger: Self.logger)
        do {
            let created = try await Provisioning(store: store, actor: .cli("test")).createTenant(
                name: "Wayne", subdomain: "wayne", adminEmail: "admin@wayne.example", adminName: "Admin"
            )
            for n in 1...5 {
                try await store.write { sql in
                    try await store.audit.record(
                        AuditEvent(
                            tenant: created.tenant.id, occurredAt: clock.now(), actor: .agent(created.agentID, apiKey: nil),
                            action: "ticket.updated", targetType: "ticket", targetID: String(n),
                            details: JSONObject([
                                ("subject", .object(JSONObject([("before", .string("Old \(n)")), ("after", .string("New \(n)"))])))
                            ])
                        ),
                        on: sql
                    )
                }
            }
            // A change that fails rolls its entry back with it.
            await #expect(throws: HavenError.self) {
                try await store.write { sql in
                    try await store.audit.record(
                        AuditEvent(tenant: created.tenant.id, occurredAt: clock.now(), actor: .system("test"), action: "ticket.deleted"),
                        on: sql
                    )
                    throw HavenError.notFound
                }
            }
        } catch {
            await store.database.close()
            throw error
        }
        await store.database.close()
        return (data, keys)
    }

    static func tamper(_ data: String, _ keys: String, _ statements: [SQL]) async throws {
        let store = try await Store.open(dataDirectory: data, keyDirectory: keys, logger: Self.logger)
        do {
            try await store.write { sql in
                for statement in statements { try await sql.execute(statement) }
            }
        } catch {
            await store.database.close()
            throw error
        }
        await store.database.close()
    }

    static let dropTriggers: [SQL] = ["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"]

    @Test func anUntouchedLogVerifiesAndTheTriggersRefuseChanges() async throws {
        let (data, keys) = try await Self.prepare()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        let verified = try CLITests.run(["audit", "verify", "--tenant", "wayne", "--data-dir", data, "--key-dir", keys])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("\"intact\":true") && verified.stdout.contains("\"entries\":6"))
        await #expect(throws: (any Error).self) {
            try await Self.tamper(data, keys, ["UPDATE audit_events SET action = 'x' WHERE seq = 2"])
        }
        await #expect(throws: (any Error).self) { try await Self.tamper(data, keys, ["DELETE FROM audit_events WHERE seq = 2"]) }
        // The details are sealed: the before/after values are in no file.
        let stored = try DataFiles.concatenated(under: data)
        #expect(stored.range(of: Data("Old 3".utf8)) == nil && stored.range(of: Data("New 3".utf8)) == nil)
    }

    @Test(arguments: [
        ("edited", ["UPDATE audit_events SET target_id = '99' WHERE seq = 3"] as [SQL], 3 as Int64),
        ("deleted", ["DELETE FROM audit_events WHERE seq = 2"], 2),
        (
            "swapped",
            [
                "UPDATE audit_events SET seq = -2 WHERE seq = 2", "UPDATE audit_events SET seq = 2 WHERE seq = 4",
                "UPDATE audit_events SET seq = 4 WHERE seq = -2",
            ],
            2
        ),
        (
            "forged",
            [
                """
                INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_type, action, details, prev_hash, hash)
                SELECT tenant_id, 7, occurred_at, 'agent', 'ticket.deleted', x'', hash, hash FROM audit_events WHERE seq = 6
                """
            ],
            7
        ),
        (
            // Old entries deleted behind an anchor the attacker wrote himself (with the right previous hash).
            "hidden by a forged anchor",
            [
                """
                INSERT INTO audit_anchors (tenant_id, first_seq, prev_hash)
                SELECT tenant_id, 4, hash FROM audit_events WHERE seq = 3
                """,
                "DELETE FROM audit_events WHERE seq < 4",
            ],
            4
        ),
        ("details replaced", ["UPDATE audit_events SET details = (SELECT details FROM audit_events WHERE seq = 1) WHERE seq = 4"], 4),
    ])
    func tamperingIsNamed(_ kind: String, _ attack: [SQL], _ firstBad: Int64) async throws {
        let (data, keys) = try await Self.prepare()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        try await Self.tamper(data, keys, Self.dropTriggers + attack)
        let verified = try CLITests.run(["audit", "verify", "--tenant", "wayne", "--data-dir", data, "--key-dir", keys])
        #expect(verified.status == 1, "\(kind): \(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("\"first_bad_entry\":\(firstBad)"), "\(kind): \(verified.stdout)")
    }

    /// Retention with a moved clock: after 90 days the entries move into a sealed archive and leave the table, the
    /// chain still verifies from the anchor and the archive's entries link up to it; 21 days later the archive is
    /// deleted; both steps are themselves audited. A tenant purge then removes the log.
    @Test func retentionArchivesThenPurgesAndTheChainStillVerifies() async throws {
        let (data, keys) = try await Self.prepare()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        let clock = ManualClock(TestServer.epoch.adding(seconds: 89 * 86_400))
        let store = try await Store.open(dataDirectory: data, keyDirectory: keys, clock: clock, logger: Self.logger)
        do {
            let tenant = try #require(try await store.read { sql in try await store.tenants.find(subdomain: "wayne", on: sql) })
            let settings = AuditRetention.Settings(archiveDirectory: AuditRetention.defaultArchiveDirectory(dataDirectory: data))
            let retention = AuditRetention(store: store, settings: settings)
            let chainKey = try await store.read { sql in try await store.keys.indexes(tenant.id, on: sql).auditChain }
            let lastHash = try await store.read { sql in try await store.auditEntries.head(tenant.id, on: sql)?.hash }

            // Day 89: nothing is old enough.
            #expect(try await retention.run() == AuditRetention.Outcome())
            // Day 91: all six entries are archived; the table keeps only the record of that.
            clock.advance(seconds: 2 * 86_400)
            let first = try await retention.run()
            #expect(first.archived.map(\.firstSeq) == [1] && first.archived.map(\.lastSeq) == [6] && first.purged.isEmpty)
            #expect(try await AuditVerifier(store: store).verify(tenant.id) == .intact(entries: 1))
            let reader = AuditReader(store: store)
            let recorded = try await reader.page(tenant.id, AuditFilter(), page: PageRequest(page: 1, perPage: 10)).items
            #expect(recorded.map(\.entry.action) == ["audit.archived"] && recorded.first?.entry.seq == 7)
            #expect(recorded.first?.details?["entries"] == .int(6) && recorded.first?.entry.actorName == "audit_retention")

            // The archive holds the entries exactly as stored: they verify as a chain from genesis to the anchor.
            let archivePath = settings.archiveDirectory + "/" + first.archived[0].fileName
            let archived = try await AuditArchive.open(path: archivePath, store: store)
            #expect(archived.map(\.seq) == Array(1...6))
            var previous = AuditChain.genesis
            for entry in archived {
                #expect(entry.prevHash == previous && AuditChain.hash(entry, previous: previous, key: chainKey) == entry.hash)
                previous = entry.hash
            }
            #expect(previous == lastHash)
            // Sealed: no detail of the archived entries is readable in the file.
            let fileBytes = try Data(contentsOf: URL(fileURLWithPath: archivePath))
            #expect(fileBytes.range(of: Data("ticket.updated".utf8)) == nil && fileBytes.range(of: Data("Old 3".utf8)) == nil)
            // Deleting above the anchor is still refused.
            await #expect(throws: (any Error).self) {
                try await store.write { sql in try await sql.execute("DELETE FROM audit_events WHERE tenant_id = \(tenant.id) AND seq = 7")
                }
            }

            // 20 days after archiving the archive stays; after 21 it is deleted, and that is recorded too.
            clock.advance(seconds: 20 * 86_400)
            #expect(try await retention.run() == AuditRetention.Outcome())
            clock.advance(seconds: 86_400)
            let second = try await retention.run()
            #expect(second.purged == first.archived && second.archived.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: archivePath))
            #expect(try await AuditVerifier(store: store).verify(tenant.id) == .intact(entries: 2))
            let purgeRecord = try await reader.page(tenant.id, AuditFilter(), page: PageRequest(page: 1, perPage: 1)).items.first
            #expect(purgeRecord?.entry.action == "audit.archive_purged" && purgeRecord?.entry.targetID == first.archived[0].fileName)

            try await store.write { sql in
                try await store.tenants.setStatus(tenant.id, .terminated, at: store.clock.now(), on: sql)
            }
            #expect(try await TenantPurge(store: store).purge(subdomain: "wayne") == tenant.id)
            #expect(try await store.read { sql in try await sql.scalar("SELECT count(*) AS n FROM audit_events") } == 0)
        } catch {
            await store.database.close()
            throw error
        }
        await store.database.close()
    }

    /// `haven audit retain` as operators run it (the real clock is years past the test entries): everything is
    /// archived, and `haven audit verify` still exits 0.
    @Test func theRetainCommandArchivesAndTheLogStillVerifies() async throws {
        let (data, keys) = try await Self.prepare()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        let retained = try CLITests.run(["audit", "retain", "--data-dir", data, "--key-dir", keys])
        #expect(retained.status == 0, "\(retained.stderr)")
        #expect(retained.stdout.contains("tenant-1-entries-1-6-at-"), "\(retained.stdout)")
        let verified = try CLITests.run(["audit", "verify", "--tenant", "wayne", "--data-dir", data, "--key-dir", keys])
        #expect(verified.status == 0 && verified.stdout.contains("\"entries\":1"), "\(verified.stdout)")
        let refused = try CLITests.run(
            ["audit", "retain", "--data-dir", data, "--key-dir", keys], environment: ["HAVEN_AUDIT_RETENTION_DAYS": "0"])
        #expect(refused.status != 0 && refused.stderr.contains("HAVEN_AUDIT_RETENTION_DAYS=0"))
    }

    /// Two processes append to one tenant's log: each guesses the head it last wrote, the table refuses a stale
    /// guess, and the chain stays one unbroken sequence.
    @Test func twoWritersOnOneDatabaseKeepOneChain() async throws {
        let (data, keys) = try await Self.prepare()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        let first = try await Store.open(dataDirectory: data, keyDirectory: keys, logger: Self.logger)
        let second = try await Store.open(dataDirectory: data, keyDirectory: keys, logger: Self.logger)
        do {
            let tenant = try #require(try await first.read { sql in try await first.tenants.find(subdomain: "wayne", on: sql) }).id
            for n in 0..<6 {
                let store = n % 2 == 0 ? first : second
                try await store.write { sql in
                    for _ in 0..<2 {
                        try await store.audit.record(
                            AuditEvent(
                                tenant: tenant, occurredAt: store.clock.now(), actor: .system("writer \(n % 2)"), action: "test.appended"),
                            on: sql)
                    }
                }
            }
            #expect(try await AuditVerifier(store: first).verify(tenant) == .intact(entries: 18))
            let seqs = try await first.read { sql in
                try await first.auditEntries.entries(tenant, AuditFilter(), afterSeq: 0, limit: 100, on: sql).map(\.seq)
            }
            #expect(seqs == Array(1...18))
        } catch {
            await first.database.close()
            await second.database.close()
            throw error
        }
        await first.database.close()
        await second.database.close()
    }
}
