import Foundation
import HavenCore
import HavenStore
import Logging
import Testing

/// A database written before encryption at rest (schema version 2, every value in clear) is sealed on its first
/// start with keys: values readable, lookups and word search rebuilt, no clear value left in any file.
@Suite("Upgrade from plaintext")
struct LegacyUpgradeTests {
    @Test func aSchemaVersion2DatabaseIsSealedOnFirstStart() async throws {
        let data = NSTemporaryDirectory() + "haven-legacy-" + UUID().uuidString
        let keys = data + "-keys"
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var logger = Logger(label: "legacy")
        logger.logLevel = .critical
        let clock = ManualClock(TestServer.epoch)
        let legacy = try await HavenDatabase.open(path: Store.databasePath(dataDirectory: data), logger: logger)
        try await Migrator(database: legacy, clock: clock).migrate(Array(Migrations.all.prefix(2)))
        try await legacy.write { sql in
            for statement: SQL in [
                "INSERT INTO tenants (id, name, subdomain, region, status, next_ticket_id, created_at, updated_at) VALUES (1, 'Old', 'old', 'local', 'active', 2, 1, 1)",
                """
                INSERT INTO users (tenant_id, id, name, email, email_index, phone, phone_index, created_at, updated_at)
                VALUES (1, 7, 'Larry Legacyperson', 'larry@legacy.example', 'larry@legacy.example', '+15550001111', '+15550001111', 1, 1)
                """,
                "INSERT INTO user_emails (tenant_id, email_index, user_id, is_primary) VALUES (1, 'larry@legacy.example', 7, 1)",
                "INSERT INTO companies (tenant_id, id, name, name_index, domains, created_at, updated_at) VALUES (1, 3, 'Fossil Corp', 'fossil corp', '[\"fossil.example\"]', 1, 1)",
                """
                INSERT INTO tickets (tenant_id, id, subject, description, status, priority, source, requester_id, custom_fields, created_at, updated_at)
                VALUES (1, 1, 'Mastodon printer jammed', '<p>Trilobite description</p>', 2, 1, 1, 7, '{"cf_code":"Ammonite"}', 1, 1)
                """,
                """
                INSERT INTO conversations (tenant_id, id, ticket_id, body, incoming, private, source, category, created_at, updated_at)
                VALUES (1, 11, 1, 'Coelacanth reply', 0, 1, 2, 2, 1, 1)
                """,
            ] {
                try await sql.execute(statement)
            }
        }
        await legacy.close()

        let store = try await Store.open(dataDirectory: data, keyDirectory: keys, clock: clock, logger: logger)
        let tenant = TenantID(1)
        let ticket = try await store.read { sql in try await store.tickets.find(tenant, TicketID(1), on: sql) }
        #expect(ticket?.subject == "Mastodon printer jammed")
        #expect(ticket?.customFields["cf_code"]?.stringValue == "Ammonite")
        let found = try await store.read { sql in try await store.contacts.userID(email: "LARRY@legacy.example", tenant, on: sql) }
        #expect(found == UserID(7))
        #expect(try await store.read { sql in try await store.companies.id(named: "fossil  corp", tenant, on: sql) } == CompanyID(3))
        let search = try await store.read { sql in
            let compiler = SearchCompiler(
                resource: .tickets(customFields: [:]), indexes: try await store.keys.indexes(tenant, on: sql), tenant: tenant, on: sql)
            return try await store.tickets.search(
                tenant, try compiler.compile(.condition(SearchCondition(field: "text", op: .equals, value: .string("coelacanth")))),
                page: PageRequest(page: 1, perPage: 30), on: sql
            )
        }
        #expect(search.total == 1)
        #expect(try await KeyAdministration(store: store, actor: .cli("test")).status(tenant).plaintextValues == 0)
        await store.database.close()

        let everything = try DataFiles.concatenated(under: data)
        for marker in [
            "Legacyperson", "larry@legacy.example", "Fossil Corp", "Mastodon", "Trilobite", "Ammonite", "Coelacanth", "15550001111",
        ] {
            #expect(everything.range(of: Data(marker.utf8)) == nil, "\(marker) is still stored in clear")
        }
    }
}
