import Foundation
import HTTPTypes
import HavenApp
import HavenAudit
import HavenCore
import HavenCrypto
import HavenStore
import Logging
import Testing

/// `haven db copy --to postgres://…`: a SQLite deployment moves into PostgreSQL whole — tenants, people, tickets,
/// the keystore, certificates and domains — with its audit chains still verifying, its search rebuilt, and a target
/// that already holds a deployment refused.
@Suite(.enabled(if: TestServer.engine == .postgres, "runs in the PostgreSQL pass (HAVEN_TEST_DATABASE=postgres)"))
struct DatabaseCopyTests {
    @Test func aSQLiteDeploymentMovesIntoPostgreSQL_andATargetInUseIsRefused() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let material = try DomainCertificateTests.material(base: "copy.test", issuedAt: TestServer.epoch)
        // The source: a SQLite deployment with people, tickets, a note, a custom domain and an uploaded certificate.
        let (tenants, ticketID, contactID) = try await TestServer.start(
            tenants: ["alpha", "beta"], directory: data, engine: .sqlite
        ) { server, client in
            let key = server.tenants[0].apiKey
            let contact = try await client.call(
                .post, "/api/v2/contacts", key: key,
                json: ["name": "Jane Roe", "email": "jane@customer.example", "phone": "+44 20 7946 0000"])
            let contactID = try #require(contact.object?.int("id"))
            var ticketID: Int64 = 0
            for index in 1...30 {
                let ticket = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: [
                        "subject": .string("Boiler fault \(index)"), "description": "It knocks at night", "email": "jane@customer.example",
                        "tags": ["boiler", "Night"],
                    ])
                ticketID = try #require(ticket.object?.int("id"))
            }
            #expect(
                try await client.call(.post, "/api/v2/tickets/\(ticketID)/notes", key: key, json: ["body": "Called back"]).status == 201)
            #expect(
                try await client.call(
                    .post, "/api/v2/domain_certificates", key: key,
                    json: ["domain": "help.copy.test", "certificate_chain": .string(material.chain), "private_key": .string(material.key)]
                ).status == 201)
            #expect(
                try await client.call(
                    .post, "/api/v2/tickets", key: server.tenants[1].apiKey, json: ["subject": "Beta's", "email": "b@b.example"]
                )
                .status == 201)
            return (server.tenants, ticketID, contactID)
        }
        try #require(FileManager.default.fileExists(atPath: data + "/haven.sqlite"))
        let target = try await PostgresServer.shared().database(for: CLITests.temporaryDirectory()).node
        let copy = ["db", "copy", "--data-dir", data, "--to", target.connectionString]

        // A copy that fails part-way (here: a value PostgreSQL's column cannot take, in a table copied late) leaves
        // the target untouched: the copy is one transaction.
        let damaged = data + "-damaged"
        defer { try? FileManager.default.removeItem(atPath: damaged) }
        try FileManager.default.copyItem(atPath: data, toPath: damaged)
        let damagedStore = try await Store.open(dataDirectory: damaged, logger: Logger(label: "test"))
        try await damagedStore.write { sql in try await sql.execute("UPDATE tickets SET priority = 'urgent' WHERE id = 1") }
        await damagedStore.database.close()
        let failed = try await CLITests.runDetached(["db", "copy", "--data-dir", damaged, "--to", target.connectionString])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("priority holds text where PostgreSQL expects an integer"), "\(failed.stderr.suffix(500))")

        let copied = try await CLITests.runDetached(copy)
        try #require(copied.status == 0, "\(copied.stderr.suffix(2000))")
        let report = try #require(try JSONParser.parse(copied.stdout.trimmingWhitespace()).objectValue)
        #expect((report.int("rows") ?? 0) > 100)
        let alpha = try #require(report["tenants"]?.arrayValue?.first { $0.objectValue?.string("subdomain") == "alpha" }?.objectValue)
        #expect(alpha.int("tickets") == 30)
        #expect((alpha.int("audit_entries_verified") ?? 0) >= 33)

        // The target serves the same deployment: sealed values open with the same key directory, search finds by
        // e-mail (the blind index rebuilt), the certificate is there to serve, and every audit chain verifies.
        let store = try await Store.open(
            databaseURL: target, keyDirectory: Store.defaultKeyDirectory(dataDirectory: data), maximumConnections: 2,
            logger: Logger(label: "test"))
        do {
            let alphaID = tenants[0].tenant.id
            let (ticket, contact, found, certificates, counts) = try await store.read { sql in
                (
                    try await store.tickets.find(alphaID, TicketID(ticketID), on: sql),
                    try await store.contacts.find(alphaID, UserID(contactID), on: sql),
                    try await store.contacts.userID(email: "JANE@customer.example", alphaID, on: sql),
                    try await store.domainCertificates.allForServing(on: sql),
                    (
                        try await store.tickets.count(alphaID, on: sql),
                        try await store.tickets.count(tenants[1].tenant.id, on: sql)
                    )
                )
            }
            #expect(ticket?.subject == "Boiler fault 30")
            #expect(contact?.name == "Jane Roe" && contact?.phone == "+44 20 7946 0000")
            #expect(found == UserID(contactID))
            #expect(certificates.map(\.domain) == ["help.copy.test"])
            #expect(certificates.first?.privateKeyPEM == material.key)
            #expect(counts.0 == 30 && counts.1 == 1)
            // Each ticket's tags, which PostgreSQL's trigger derives as the tickets arrive.
            let tags = try await store.read { sql in try await sql.scalar("SELECT count(*) FROM ticket_tags WHERE tenant_id = \(alphaID)") }
            #expect(tags == 60)
            for tenant in tenants {
                guard case .intact = try await AuditVerifier(store: store).verify(tenant.tenant.id) else {
                    Issue.record("the audit chain of \(tenant.tenant.subdomain) does not verify after the copy")
                    continue
                }
            }
            // New ids go on from the copied ones (PostgreSQL's sequences continued from the counters copied).
            let (lastUser, nextUser) = try await store.write { sql in
                (
                    try await sql.scalar("SELECT max(id) AS n FROM users WHERE tenant_id = \(alphaID)"),
                    try await IDSequences.next("users", on: sql)
                )
            }
            #expect(nextUser > lastUser)
            // The copied tenant's API key works against the target.
            let owner = try await store.read { sql in
                try await store.apiKeys.ownerAndTenant(hash: APIKeys.hash(tenants[0].apiKey), on: sql)
            }
            #expect(owner?.1.id == alphaID)
        } catch {
            await store.database.close()
            throw error
        }
        await store.database.close()

        // A second copy into the same database is refused, and changes nothing.
        let again = try await CLITests.runDetached(copy)
        #expect(again.status == 1)
        #expect(again.stderr.contains("not empty"), "\(again.stderr)")
        // A target that is not PostgreSQL, and a source that is not there, are named.
        let bad = try await CLITests.runDetached(["db", "copy", "--data-dir", data, "--to", "mysql://x@y/z"])
        #expect(bad.status == 1 && !bad.stderr.isEmpty)
        let missing = try await CLITests.runDetached(["db", "copy", "--data-dir", data + "-nowhere", "--to", target.connectionString])
        #expect(missing.status == 1 && missing.stderr.contains("no SQLite deployment"), "\(missing.stderr)")
    }
}
