public import HavenApp
import HavenCore
public import HavenStore

/// On a fresh data directory, creates the `demo` tenant with an admin agent so `haven serve` is usable at once.
public enum FirstRun {
    public static func bootstrapIfEmpty(store: Store) async throws -> ProvisionedAgent? {
        let count = try await store.read { sql in try await store.tenants.count(on: sql) }
        guard count == 0 else { return nil }
        return try await Provisioning(store: store, actor: .system("first_run")).createTenant(
            name: "Demo",
            subdomain: "demo",
            adminEmail: "admin@demo.example",
            adminName: "Demo Admin"
        )
    }
}
