import Foundation
import HavenAudit
import HavenCore
import HavenStore
import Testing

/// Each process guesses a tenant's chain head from its own last append (saving a read per change) and inserts only
/// if the table's newest entry still has that hash. Two processes appending to one tenant in turn — every guess of
/// one stale after the other's append — still make one intact chain, on both engines.
@Suite struct AuditHeadGuessTests {
    @Test(arguments: StorageEngine.allCases)
    func twoProcessesAppendingInTurn_makeOneIntactChain(_ engine: StorageEngine) async throws {
        try await RepositoryContractTests.withStore(engine) { a, clock, tenants, directory in
            let b = try await engine.open(directory, clock: clock)
            do {
                let tenant = tenants[0].id
                let before = try await a.read { sql in try await a.auditEntries.count(tenant, AuditFilter(), on: sql) }
                for round in 0..<4 {
                    for (name, store) in [("a", a), ("b", b), ("a", a), ("a", a)] {
                        try await store.write { sql in
                            try await store.audit.record(
                                AuditEvent(
                                    tenant: tenant, occurredAt: clock.now(), actor: .cli("process-\(name)"), action: "ticket.updated",
                                    targetType: "ticket", targetID: "\(round)", details: JSONObject([("round", .int(Int64(round)))])),
                                on: sql)
                        }
                    }
                }
                let after = try await a.read { sql in try await a.auditEntries.count(tenant, AuditFilter(), on: sql) }
                #expect(after - before == 16)
                #expect(try await AuditVerifier(store: a).verify(tenant) == .intact(entries: Int(after)))
                #expect(try await AuditVerifier(store: b).verify(tenant) == .intact(entries: Int(after)))
            } catch {
                await b.database.close()
                throw error
            }
            await b.database.close()
        }
    }
}
