import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

/// The second wall (storage.md §5): on PostgreSQL every tenant table admits only the rows of the transaction's
/// tenant, whatever the statement says. These statements are written the way a bug would write them — the
/// tenant filter left out, or the tenant passed as a plain number the engine cannot recognise — and the database
/// still keeps the tenants apart.
@Suite("PostgreSQL row-level security")
struct PostgresWallTests {
    /// Two tenants with a ticket each; the test gets the store and both tenants. One connection, so every transaction
    /// meets what the previous one left on it (reads leave their tenant on the connection's session).
    static func withTwoTenants(_ body: (Store, TenantID, TenantID) async throws -> Void) async throws {
        try await RepositoryContractTests.withStore(.postgres, connections: 1) { store, _, tenants, _ in
            let (north, south) = (tenants[0].id, tenants[1].id)
            for tenant in [north, south] {
                try await store.write { sql in
                    let contact = try await RepositoryContractTests.contact(
                        store, tenant, "Requester", email: "r@\(tenant.rawValue).example", on: sql)
                    _ = try await RepositoryContractTests.ticket(
                        store, tenant, requester: contact.id, subject: "Ticket of \(tenant.rawValue)", at: RepositoryContractTests.epoch,
                        on: sql)
                }
            }
            try await body(store, north, south)
        }
    }

    @Test func aQueryWithoutItsTenantFilterStillSeesOnlyTheCurrentTenant() async throws {
        try await Self.withTwoTenants { store, north, south in
            for tenant in [north, south] {
                let (seen, contacts) = try await store.read { sql in
                    // Any statement about the tenant makes it the transaction's tenant, as a repository's first call does.
                    _ = try await store.tickets.count(tenant, on: sql)
                    let rows = try await sql.all("SELECT tenant_id FROM tickets")
                    let contacts = try await sql.scalar("SELECT count(*) FROM users")
                    return (try rows.map { try $0.int("tenant_id") }, contacts)
                }
                #expect(seen == [tenant.rawValue], "a filterless query in \(tenant) saw \(seen)")
                // Its requester and its admin: never the other tenant's people.
                #expect(contacts == 2)
            }
        }
    }

    @Test func aFilterNamingAnotherTenantAsAPlainNumberFindsNothing() async throws {
        try await Self.withTwoTenants { store, north, south in
            let leaked = try await store.read { sql in
                _ = try await store.tickets.count(north, on: sql)
                // The bug: south's id bound as a plain integer, so the engine cannot tell it is a tenant.
                return try await sql.all(SQL(raw: "SELECT id FROM tickets WHERE tenant_id = ") + .bind(.int(south.rawValue)))
            }
            #expect(leaked.isEmpty)
        }
    }

    @Test func anotherTenantsRowsCanNeitherBeChangedNorAdded() async throws {
        try await Self.withTwoTenants { store, north, south in
            // An update aimed at south from north's transaction commits, having changed nothing.
            let changed = try await store.write { sql in
                _ = try await store.tickets.count(north, on: sql)
                return try await sql.all(
                    SQL(raw: "UPDATE tickets SET status = 5 WHERE tenant_id = ") + .bind(.int(south.rawValue)) + " RETURNING id")
            }
            #expect(changed.isEmpty)
            let status = try await store.read { sql in try await store.tickets.find(south, TicketID(1), on: sql)?.status }
            #expect(status == .open)
            // A row for south written in north's transaction violates the policy's check.
            await #expect(throws: StoreError.self) {
                try await store.write { sql in
                    _ = try await store.tickets.count(north, on: sql)
                    try await sql.execute(
                        SQL(raw: "INSERT INTO groups (tenant_id, id, name, created_at, updated_at) VALUES (")
                            + .bind(.int(south.rawValue)) + SQL(raw: ", 999999, 'Smuggled', 0, 0)"))
                }
            }
        }
    }

    @Test func aTenantTableOutsideAnyTenantIsAnErrorNotAnEmptyAnswer() async throws {
        try await Self.withTwoTenants { store, _, _ in
            await #expect(throws: StoreError.self) {
                try await store.read { sql in try await sql.all("SELECT id FROM tickets") }
            }
        }
    }

    /// A read leaves its tenant on the connection's session and the next read of that tenant skips setting it again;
    /// no statement may run as that tenant otherwise: not a statement naming no tenant, not one naming another tenant
    /// as a plain number, not a read after one that set another tenant and rolled back.
    @Test func aConnectionsPreviousTenantIsNeverAStatementsTenant() async throws {
        struct Abandoned: Error {}
        try await Self.withTwoTenants { store, north, south in
            let filterless: SQL = "SELECT tenant_id FROM tickets"
            _ = try await store.read { sql in try await store.tickets.count(north, on: sql) }
            // Set to south inside a transaction that rolls back: the session is north's again.
            await #expect(throws: Abandoned.self) {
                try await store.read { sql in
                    _ = try await store.tickets.count(south, on: sql)
                    throw Abandoned()
                }
            }
            for tenant in [south, south, north, north] {
                let seen = try await store.read { sql in
                    _ = try await store.tickets.count(tenant, on: sql)
                    return try await sql.all(filterless).map { try $0.int("tenant_id") }
                }
                #expect(seen == [tenant.rawValue], "\(tenant) saw \(seen)")
            }
            // The connection serves north now; these name no tenant.
            await #expect(throws: StoreError.self) { try await store.read { sql in try await sql.all(filterless) } }
            _ = try await store.read { sql in try await store.tickets.count(north, on: sql) }
            let plain = SQL(raw: "SELECT id FROM tickets WHERE tenant_id = ") + .bind(.int(north.rawValue))
            await #expect(throws: StoreError.self) { try await store.read { sql in try await sql.all(plain) } }
            _ = try await store.write { sql in try await store.tickets.count(north, on: sql) }
            await #expect(throws: StoreError.self) { try await store.write { sql in try await sql.all(plain) } }
        }
    }

    @Test func theNodeRoleCannotTakeTheWallDown() async throws {
        try await Self.withTwoTenants { store, north, _ in
            for statement: SQL in [
                "ALTER TABLE tickets DISABLE ROW LEVEL SECURITY", "DROP POLICY tenant_wall ON tickets", "SET ROLE haven_owner",
                "SET row_security = off",
            ] {
                await #expect(throws: StoreError.self, "\(statement)") {
                    try await store.write { sql in
                        _ = try await store.tickets.count(north, on: sql)
                        try await sql.execute(statement)
                        // `row_security = off` is accepted only to fail here: the wall would apply, so PostgreSQL refuses.
                        _ = try await sql.all("SELECT id FROM tickets")
                    }
                }
            }
        }
    }
}
