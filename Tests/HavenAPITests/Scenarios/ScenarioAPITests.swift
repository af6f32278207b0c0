import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Scenario automations over the API: written by supervisors and administrators in Freshdesk's shape (bad actions
/// named by position), run by any agent on a ticket as one change — all actions or none — with the changes, the note
/// and the run each recorded; another tenant's are not there.
@Suite struct ScenarioAPITests {
    static func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }
    static func fields(_ result: HTTPResult) -> [String] { result.fieldErrors.map(\.field) }

    @Test func aScenarioRunsAllItsActionsInOneChange() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let group = try #require(try await client.call(.post, "/api/v2/groups", key: key, json: ["name": "Billing"]).object?.int("id"))
            let betaGroup = try #require(
                try await client.call(.post, "/api/v2/groups", key: server.tenants[1].apiKey, json: ["name": "Theirs"]).object?.int("id"))
            let body = """
                {"name": "Refund issued", "description": "After a refund",
                 "actions": [{"name": "priority", "value": 4}, {"name": "ticket_type", "value": "Refund"}, {"name": "group_id", "value": \(group)},
                             {"name": "add_tag", "value": "refund, vip"}, {"name": "add_note", "value": "<p>Marker-scenario-31 refund issued</p>"},
                             {"name": "status", "value": 3}]}
                """
            let created = try await client.call(.post, "/api/v2/scenario_automations", key: key, json: Self.json(body))
            #expect(created.status == 201, "\(created.text)")
            let scenarioID = try #require(created.object?.int("id"))
            #expect(created.object?["actions"]?.arrayValue?.count == 6)

            let bad: [(String, String, Int)] = [
                (#"{"name": "A", "actions": [{"name": "explode", "value": 1}]}"#, "actions[0].name", 400),
                (#"{"name": "A", "actions": [{"name": "status", "value": 9}]}"#, "actions[0].value", 400),
                (#"{"name": "A", "actions": [{"name": "status", "value": 2}, {"name": "status", "value": 3}]}"#, "actions[1].name", 400),
                (#"{"name": "A", "actions": [{"name": "group_id", "value": \#(betaGroup)}]}"#, "actions[0].value", 400),
                (#"{"name": "A", "actions": [{"name": "ticket_type", "value": "Gossip"}]}"#, "actions[0].value", 400),
                (#"{"name": "A", "actions": []}"#, "actions", 400),
                (#"{"actions": [{"name": "status", "value": 2}]}"#, "name", 400),
                (#"{"name": "refund ISSUED", "actions": [{"name": "status", "value": 2}]}"#, "name", 409),
            ]
            for (text, field, status) in bad {
                let refused = try await client.call(.post, "/api/v2/scenario_automations", key: key, json: Self.json(text))
                #expect(refused.status == status && Self.fields(refused).contains(field), "\(text): \(refused.text)")
            }
            #expect(try await client.call(.get, "/api/v2/scenario_automations?per_page=100", key: key).array?.count == 1)

            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "Refund please", "description": "d", "email": "wes@customer.example", "tags": ["order"]])
            let ticketID = try #require(ticket.object?.int("id"))
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            #expect(try await client.call(.post, "/api/v2/scenario_automations", key: plain.apiKey, json: Self.json(body)).status == 403)
            let ran = try await client.call(
                .post, "/api/v2/tickets/\(ticketID)/scenario_automations/\(scenarioID)/execute", key: plain.apiKey)
            #expect(ran.status == 200, "\(ran.text)")
            #expect(ran.object?.int("priority") == 4 && ran.object?.int("status") == 3 && ran.object?.int("group_id") == group)
            #expect(ran.object?.string("type") == "Refund" && ran.object?["tags"] == .array(["order", "refund", "vip"]))
            let thread = try await client.call(.get, "/api/v2/tickets/\(ticketID)/conversations", key: key)
            #expect(thread.array?.first?.objectValue?["private"] == true)
            let entries = try await server.store.read { sql in
                try await server.store.auditEntries.entries(server.tenants[0].tenant.id, afterSeq: 0, limit: 1_000, on: sql)
            }
            #expect(entries.suffix(3).map(\.action) == ["ticket.updated", "ticket.note_added", "ticket.scenario_executed"])

            // A scenario naming a group since deleted: refused, and nothing of it happened.
            let second = try #require(
                try await client.call(
                    .post, "/api/v2/scenario_automations", key: key,
                    json: Self.json(
                        #"{"name": "Escalate", "actions": [{"name": "priority", "value": 1}, {"name": "group_id", "value": \#(group)}]}"#)
                ).object?.int("id"))
            #expect(try await client.call(.delete, "/api/v2/groups/\(group)", key: key).status == 204)
            let refused = try await client.call(.post, "/api/v2/tickets/\(ticketID)/scenario_automations/\(second)/execute", key: key)
            #expect(refused.status == 400 && Self.fields(refused) == ["group_id"], "\(refused.text)")
            #expect(try await client.call(.get, "/api/v2/tickets/\(ticketID)", key: key).object?.int("priority") == 4)

            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/scenario_automations/\(scenarioID)", key: beta).status == 404)
            #expect(try await client.call(.get, "/api/v2/scenario_automations", key: beta).array == [])
            #expect(
                try await client.call(.post, "/api/v2/tickets/\(ticketID)/scenario_automations/\(scenarioID)/execute", key: beta).status
                    == 404)
            #expect(try DataFiles.plaintext(["Marker-scenario-31"], under: server.directory) == [])
            #expect(try await client.call(.delete, "/api/v2/scenario_automations/\(second)", key: key).status == 204)
        }
    }
}
