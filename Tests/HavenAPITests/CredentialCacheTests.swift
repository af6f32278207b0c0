import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Logging
import Testing

/// Authentication reads API keys from a short-lived cache; every change that takes a key's power away clears it in
/// the process that makes the change, and another process's change arrives within the cache's lifetime.
@Suite struct CredentialCacheTests {
    @Test func aRemovedAgentOrALoweredRole_takesEffectWithTheNextRequest() async throws {
        try await TestServer.start { server, client in
            let admin = server.tenants[0].apiKey
            let provisioning = Provisioning(store: server.store, actor: .cli("test"))
            let agent = try await provisioning.createAgent(
                tenantSubdomain: "alpha", email: "gone@alpha.example", name: "Gone", role: .agent, occasional: false)
            let supervisor = try await provisioning.createAgent(
                tenantSubdomain: "alpha", email: "sup@alpha.example", name: "Sup", role: .supervisor, occasional: false)
            // Both keys work (and are cached now).
            #expect(try await client.call(.get, "/api/v2/tickets", key: agent.apiKey).status == 200)
            #expect(try await client.call(.post, "/api/v2/companies", key: supervisor.apiKey, json: ["name": "One"]).status == 201)

            #expect(try await client.call(.delete, "/api/v2/agents/\(agent.agentID)", key: admin).status == 204)
            #expect(try await client.call(.get, "/api/v2/tickets", key: agent.apiKey).status == 401)

            let roles = try await client.call(.get, "/api/v2/roles", key: admin).array?.compactMap(\.objectValue) ?? []
            let agentRole = try #require(roles.first { $0.string("name") == "Agent" }?.int("id"))
            let demoted = try await client.call(
                .put, "/api/v2/agents/\(supervisor.agentID)", key: admin, json: ["role_ids": [.int(agentRole)]])
            #expect(demoted.status == 200)
            #expect(try await client.call(.post, "/api/v2/companies", key: supervisor.apiKey, json: ["name": "Two"]).status == 403)
        }
    }

    @Test func aTenantSuspendedByAnotherProcess_isRefusedWithinTheCacheLifetime() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            #expect(try await client.call(.get, "/api/v2/tickets", key: key).status == 200)
            // As `haven tenant terminate` does it: another process, with its own connections and cache.
            var logger = Logger(label: "operator")
            logger.logLevel = .critical
            let operatorSide = try await Composition.open(
                Composition.Storage(dataDirectory: server.directory, databaseURL: server.configuration.databaseURL), clock: server.clock,
                logger: logger)
            try await TenantAdministration(operatorSide).setStatus(.terminated, subdomain: "alpha", command: "tenant terminate")
            await operatorSide.store.database.close()
            let deadline = ContinuousClock.now + server.store.credentials.lifetime + .seconds(2)
            var status = 0
            while ContinuousClock.now < deadline {
                status = try await client.call(.get, "/api/v2/tickets", key: key).status
                if status == 403 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(status == 403)
        }
    }
}
