import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// `email_configs` and `email/mailboxes`: the built-in address and the tenant's own, in Freshdesk's shapes, with
/// stable ids (never given twice) and the sending address marked primary; another tenant's are not there.
@Suite struct MailboxAPITests {
    @Test func supportAddresses_asEmailConfigsAndMailboxes() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"], mailDomain: "support.test") { server, client in
            let key = server.tenants[0].apiKey
            let admin = Principal.agent(server.tenants[0].agentID, role: .admin, apiKey: nil, tenant: server.tenants[0].tenant.id)
            let builtIn = try await client.call(.get, "/api/v2/email_configs?per_page=100", key: key)
            #expect(builtIn.array?.count == 1)
            let first = try #require(builtIn.array?.first?.objectValue)
            #expect(first.int("id") == 1 && first.string("to_email") == "alpha@support.test" && first["primary_role"] == true)

            try await MailAddresses(server.helpdesk).add("help@alpha-company.example", by: admin)
            try await MailAddresses(server.helpdesk).add("billing@alpha-company.example", by: admin)
            try await MailAddresses(server.helpdesk).remove("billing@alpha-company.example", by: admin)
            try await MailAddresses(server.helpdesk).add("sales@alpha-company.example", by: admin)
            let configs = try await client.call(.get, "/api/v2/email_configs", key: key).array?.compactMap(\.objectValue) ?? []
            #expect(
                configs.map { $0.string("to_email") ?? "" } == [
                    "alpha@support.test", "help@alpha-company.example", "sales@alpha-company.example",
                ])
            let ids = configs.compactMap { $0.int("id") }
            #expect(Set(ids).count == 3 && ids[2] > ids[1] + 1, "the removed address's id is not given again: \(ids)")

            let one = try await client.call(.get, "/api/v2/email_configs/\(ids[1])", key: key)
            #expect(one.object?.string("reply_email") == "help@alpha-company.example" && one.object?["primary_role"] == false)
            let mailboxes = try await client.call(.get, "/api/v2/email/mailboxes", key: key).array?.compactMap(\.objectValue) ?? []
            #expect(mailboxes.count == 3 && mailboxes.allSatisfy { $0.string("mailbox_type") == "freshdesk_mailbox" })
            #expect(mailboxes[1]["freshdesk_mailbox"]?.objectValue?.string("forward_email") == "alpha@support.test")
            #expect(
                try await client.call(.get, "/api/v2/email/mailboxes/\(ids[2])", key: key).object?.string("support_email")
                    == "sales@alpha-company.example")
            #expect(try await client.call(.get, "/api/v2/email_configs/999", key: key).status == 404)

            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/email_configs", key: beta).array?.count == 1)
            #expect(try await client.call(.get, "/api/v2/email_configs/\(ids[1])", key: beta).status == 404)
            #expect(try await client.call(.get, "/api/v2/email/mailboxes/\(ids[1])", key: beta).status == 404)
        }
    }
}
