import Foundation
import HTTPTypes
import HavenApp
import HavenAudit
import HavenCore
import HavenStore
import Testing

/// Secure ticket fields over the API with real files: the value is never masked, never in a list, a search, an export
/// or the audit log; supervisors and admins see it on the ticket, agents do not; it is sealed under a key of its own,
/// replaced with a new key, and destroyed — key and value — when the ticket is resolved, so that afterwards the number
/// is nowhere on disk and reopening the ticket brings nothing back.
@Suite struct SecureFieldTests {
    static let card = "5105 1051 0510 5100"

    @Test func aSecureValue_isShownOnlyToPermittedAgents_andDestroyedAtResolution() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let alpha = server.tenants[0]
            let key = alpha.apiKey
            let store = server.store
            let field = try await client.call(
                .post, "/api/v2/admin/ticket_fields", key: key, json: ["label": "Card for refund", "type": "secure_text"])
            #expect(field.status == 201, "\(field.text)")
            #expect(field.object?.string("type") == "secure_text" && field.object?.string("name") == "cf_card_for_refund")

            // Bad values are refused like any text field's.
            for bad: JSONValue in [.int(5105), .string(String(repeating: "9", count: 256))] {
                let refused = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: [
                        "subject": "Refund", "description": "d", "email": "r@customer.example",
                        "custom_fields": ["cf_card_for_refund": bad],
                    ])
                #expect(refused.status == 400, "\(refused.text)")
            }
            let created = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": "Refund please", "description": .string("<p>My card is \(Self.card).</p>"), "email": "r@customer.example",
                    "priority": 1, "custom_fields": ["cf_card_for_refund": .string(Self.card)],
                ])
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.object?.int("id"))
            // The description is masked as any text; the secure value is not (it is meant to hold the number).
            #expect(created.object?.string("description")?.contains("1051") == false)
            let plain = try await Provisioning(store: store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            let supervisor = try await Provisioning(store: store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "sup@alpha.example", name: "Sup", role: .supervisor, occasional: false)
            func value(_ key: String) async throws -> JSONValue? {
                let ticket = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
                return ticket.object?["custom_fields"]?.objectValue?["cf_card_for_refund"]
            }
            #expect(try await value(key) == .string(Self.card))
            #expect(try await value(supervisor.apiKey) == .string(Self.card))
            #expect(try await value(plain.apiKey) == .null)
            let listed = try await client.call(.get, "/api/v2/tickets", key: key).array?.first?.objectValue
            #expect(listed?["custom_fields"]?.objectValue?["cf_card_for_refund"] == .null)
            let search = try await client.call(.get, "/api/v2/search/tickets?query=%22cf_card_for_refund:%27x%27%22", key: key)
            #expect(search.status == 400, "a secure field is not searchable: \(search.text)")

            // Replaced: a new key; the old one is gone.
            let keyCount = { () async throws -> Int64 in
                try await store.read { sql in
                    try await sql.scalar(
                        "SELECT count(*) FROM ks.key_entries WHERE tenant_id = \(server.tenants[0].tenant.id) AND kind = 4")
                }
            }
            let firstKey = try await store.read { sql in
                try await sql.scalar("SELECT id FROM secure_values WHERE tenant_id = \(server.tenants[0].tenant.id)") as Int64
            }
            let replaced = try await client.call(
                .put, "/api/v2/tickets/\(id)", key: key, json: ["custom_fields": ["cf_card_for_refund": "4000 0566 5566 5556"]])
            #expect(replaced.status == 200, "\(replaced.text)")
            #expect(try await keyCount() == 1)
            #expect(
                try await store.read { sql in
                    try await sql.scalar("SELECT id FROM secure_values WHERE tenant_id = \(server.tenants[0].tenant.id)") as Int64
                } != firstKey)
            #expect(try await value(key) == .string("4000 0566 5566 5556"))

            // Resolved: key and value destroyed in the same change, recorded by count.
            let resolved = try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["status": 4])
            #expect(resolved.status == 200, "\(resolved.text)")
            #expect(try await keyCount() == 0)
            #expect(
                try await store.read { sql in
                    try await sql.scalar("SELECT count(*) FROM secure_values WHERE tenant_id = \(server.tenants[0].tenant.id)")
                } == 0)
            #expect(try await value(key) == .null)
            let reopened = try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["status": 2])
            #expect(reopened.status == 200)
            #expect(try await value(key) == .null, "reopening brings nothing back")
            var audit = ""
            try await AuditReader(store: store).each(alpha.tenant.id, AuditFilter()) { batch in
                for record in batch { audit += JSONWriter.string(.object(record.json)) + "\n" }
            }
            #expect(audit.contains("\"secure_values_destroyed\":1") && audit.contains("\"secure_fields_set\":[\"cf_card_for_refund\"]"))
            #expect(!audit.contains("0566") && !audit.contains("1051"), "no secure value in the audit log")
            let export = try await client.call(
                .post, "/api/v2/tickets/export", key: key, json: ["fields": ["id", "subject", "description"]])
            #expect(export.status == 202)

            // The numbers are nowhere on disk: not sealed, not masked, not in a journal.
            #expect(
                try DataFiles.plaintext(
                    [Self.card, "5105105105105100", "4000 0566 5566 5556", "4000056655665556"], under: server.directory) == [])
        }
    }

    /// The keystore is another database file: a crash can leave a value's row without its key. The ticket still
    /// opens, the value reads as gone, and resolving the ticket removes the row.
    @Test func aValueWhoseKeyIsGone_readsAsGone() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let key = server.tenants[0].apiKey
            _ = try await client.call(.post, "/api/v2/admin/ticket_fields", key: key, json: ["label": "Card", "type": "secure_text"])
            let created = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "s", "description": "d", "email": "r@customer.example", "custom_fields": ["cf_card": "4111"]])
            let id = try #require(created.object?.int("id"))
            let store = server.store
            try await store.write { sql in
                try await sql.execute("DELETE FROM ks.key_entries WHERE tenant_id = \(server.tenants[0].tenant.id) AND kind = 4")
            }
            store.keys.invalidate(server.tenants[0].tenant.id)
            let viewed = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
            #expect(viewed.status == 200, "\(viewed.text)")
            #expect(viewed.object?["custom_fields"]?.objectValue?["cf_card"] == .null)
            #expect(try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["status": 5]).status == 200)
            #expect(
                try await store.read { sql in
                    try await sql.scalar("SELECT count(*) FROM secure_values WHERE tenant_id = \(server.tenants[0].tenant.id)")
                } == 0)
        }
    }
}
