import Foundation
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

    /// A data and key directory with tenant `wayne` and five audit entries.
    static func prepare() async throws -> (data: String, keys: String) {
        let data = NSTemporaryDirectory() + "haven-audit-" + UUID().uuidString
        let keys = data + "-keys"
        let clock = ManualClock(TestServer.epoch)
        let store = try await Store.open(dataDirectory: data, keyDirectory: keys, clock: clock, logger: Self.logger)
        do {
            let created = try await Provisioning(store: store).createTenant(
                name: "Wayne", subdomain: "wayne", adminEmail: "admin@wayne.example", adminName: "Admin"
            )
            for n in 1...5 {
                try await store.write { sql in
                    try await AuditLog(store: store).record(
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
                    try await AuditLog(store: store).record(
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
        #expect(verified.stdout.contains("\"intact\":true") && verified.stdout.contains("\"entries\":5"))
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
                SELECT tenant_id, 6, occurred_at, 'agent', 'ticket.deleted', x'', hash, hash FROM audit_events WHERE seq = 5
                """
            ],
            6
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

    @Test func aPurgeAnchorsTheChainAndATenantPurgeRemovesItsLog() async throws {
        let (data, keys) = try await Self.prepare()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        let store = try await Store.open(dataDirectory: data, keyDirectory: keys, logger: Self.logger)
        do {
            let tenant = try #require(try await store.read { sql in try await store.tenants.find(subdomain: "wayne", on: sql) })
            // A retention purge records the anchor (the hash before the new first entry), then deletes below it.
            try await store.write { sql in
                try await sql.execute(
                    """
                    INSERT INTO audit_anchors (tenant_id, first_seq, prev_hash)
                    SELECT tenant_id, 3, hash FROM audit_events WHERE tenant_id = \(tenant.id) AND seq = 2
                    """
                )
                try await sql.execute("DELETE FROM audit_events WHERE tenant_id = \(tenant.id) AND seq < 3")
            }
            #expect(try await AuditVerifier(store: store).verify(tenant.id) == .intact(entries: 3))
            // Deleting above the anchor is still refused.
            await #expect(throws: (any Error).self) {
                try await store.write { sql in try await sql.execute("DELETE FROM audit_events WHERE tenant_id = \(tenant.id) AND seq = 3")
                }
            }
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
}
