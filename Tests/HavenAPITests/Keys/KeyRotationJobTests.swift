import HavenApp
import HavenCore
import HavenStore
import Testing

/// The console's rotation and its re-sealing job are one transaction: a failure writing the job leaves the old key
/// primary, and a landed rotation always has its job.
@Suite struct KeyRotationJobTests {
    struct Refused: Error {}

    @Test func aRotationWhoseJobCannotBeWritten_doesNotLand_andOneThatLandsHasItsJob() async throws {
        try await AccessFixture.run { fixture in
            let admin = Principal.agent(fixture.adminID, role: .admin, apiKey: nil, tenant: fixture.tenant.id)
            let keys = TenantKeys(fixture.helpdesk)
            let before = try await keys.status(by: admin).dataVersion
            let administration = KeyAdministration(store: fixture.helpdesk.store, actor: admin.auditActor)
            await #expect(throws: Refused.self) {
                _ = try await administration.rotate(fixture.tenant.id) { _, _ in throw Refused() }
            }
            #expect(try await keys.status(by: admin).dataVersion == before, "the rotation rolled back with its job")
            #expect(try await !fixture.auditActions().contains("key.rotated"))

            let job = try await keys.rotate(by: admin)
            #expect(try await keys.status(by: admin).dataVersion == before + 1)
            let stored = try await keys.job(job.id, by: admin)
            #expect(stored.payload["data_key_version"]?.intValue == Int64(before + 1))
            #expect(try await fixture.auditActions().filter { $0 == "key.rotated" }.count == 1)
        }
    }
}
