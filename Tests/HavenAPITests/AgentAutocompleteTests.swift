import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Two routes real connectors call (issue 18's smaller routes): `agents/autocomplete` by name or e-mail prefix, per
/// tenant, the term required; and `settings/helpdesk` tolerating the paging parameters Airbyte sends everywhere.
@Suite struct AgentAutocompleteTests {
    @Test func agentsAutocomplete_byNameOrEmail_perTenant_andSettingsToleratePaging() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            for (email, name) in [("bob.builder@alpha.example", "Bob Builder"), ("ada@alpha.example", "Ada Lovelace")] {
                _ = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                    tenantSubdomain: "alpha", email: email, name: name, role: .agent, occasional: false)
            }
            func names(_ term: String, key: String) async throws -> [String] {
                let found = try await client.call(.get, "/api/v2/agents/autocomplete?term=\(term)", key: key)
                #expect(found.status == 200, "\(found.text)")
                return found.array?.compactMap { $0.objectValue?.string("name") } ?? []
            }
            #expect(try await names("bo", key: key) == ["Bob Builder"])
            #expect(try await names("LOVE", key: key) == ["Ada Lovelace"], "any word of the name, any case")
            #expect(try await names("ada%40", key: key) == ["Ada Lovelace"], "an e-mail prefix")
            #expect(try await names("zz", key: key) == [])
            #expect(try await names("bo", key: server.tenants[1].apiKey) == [], "another tenant's agents are not there")
            let first = try await client.call(.get, "/api/v2/agents/autocomplete?term=bo", key: key).array?.first?.objectValue
            #expect(first?.string("email") == "bob.builder@alpha.example" && first?.int("id") != nil)
            let missing = try await client.call(.get, "/api/v2/agents/autocomplete", key: key)
            #expect(missing.status == 400 && missing.text.contains("term"), "\(missing.text)")

            #expect(try await client.call(.get, "/api/v2/settings/helpdesk?per_page=100", key: key).status == 200)
            let unknown = try await client.call(.get, "/api/v2/settings/helpdesk?colour=red", key: key)
            #expect(unknown.status == 400 && unknown.text.contains("colour"), "\(unknown.text)")
        }
    }
}
