import Foundation
import HavenApp
import HavenCore
import HavenStore
import Logging
import Testing

/// Two processes on one keystore: the one that did not run `keys new-epoch` still has the old key-encryption key
/// cached when it creates a person's key. That key must be wrapped under the new one, or it is lost.
@Suite("Key ring across processes")
struct KeyRingConcurrencyTests {
    @Test func aPersonKeyCreatedRightAfterANewEpochElsewhereStaysReadable() async throws {
        let data = NSTemporaryDirectory() + "haven-ring-" + UUID().uuidString
        let keys = data + "-keys"
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        var logger = Logger(label: "ring")
        logger.logLevel = .critical
        let serving = try await Store.open(dataDirectory: data, keyDirectory: keys, logger: logger)
        let operatorStore: Store
        do {
            operatorStore = try await Store.open(dataDirectory: data, keyDirectory: keys, logger: logger)
        } catch {
            await serving.database.close()
            throw error
        }
        func closeBoth() async {
            await serving.database.close()
            await operatorStore.database.close()
        }
        let newUser: UserID
        let tenant: TenantID
        do {
            let created = try await Provisioning(store: serving, actor: .cli("test")).createTenant(
                name: "Wayne", subdomain: "wayne", adminEmail: "admin@wayne.example", adminName: "Admin"
            )
            tenant = created.tenant.id
            // The serving process has the tenant's keys cached (the admin's creation loaded them).
            _ = try await serving.read { sql in try await serving.contacts.find(tenant, created.agentID, on: sql) }
            // Another process starts a new epoch and destroys the old one at once.
            let change = try await KeyAdministration(store: operatorStore, actor: .cli("test")).newEpoch(grace: 0)
            #expect(change.destroyed == [1])
            // Within the serving process's refresh interval, it creates a person (and the person's key).
            newUser = try await serving.write { sql in
                let id = UserID(try await IDSequences.next("users", on: sql))
                var contact = Contact(tenantID: tenant, id: id, name: "Selina Kyle", createdAt: serving.clock.now())
                contact.email = "selina@wayne.example"
                try await serving.contacts.insert(contact, on: sql)
                return id
            }
        } catch {
            await closeBoth()
            throw error
        }
        await closeBoth()
        let fresh = try await Store.open(dataDirectory: data, keyDirectory: keys, logger: logger)
        let read: Contact?
        do {
            read = try await fresh.read { sql in try await fresh.contacts.find(tenant, newUser, on: sql) }
        } catch {
            await fresh.database.close()
            throw error
        }
        await fresh.database.close()
        #expect(read?.unreadable == nil)
        #expect(read?.name == "Selina Kyle")
    }
}
