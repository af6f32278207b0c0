import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Skills over the API in Freshdesk's shape, and what they do: a new ticket that arrives without an agent and needs a
/// skill goes to the agent with that skill who has the fewest unresolved tickets; agents carry their `skill_ids`.
@Suite struct SkillAPITests {
    static func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }
    static func fields(_ result: HTTPResult) -> [String] { result.fieldErrors.map(\.field) }

    /// A tenant without skills is remembered as such, so a ticket create reads none; its first skill routes the very
    /// next ticket (the new skill announces itself and the memory goes).
    @Test func theFirstSkillRoutesTheNextTicketAtOnce() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let key = server.tenants[0].apiKey
            let ann = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "ann@alpha.example", name: "Ann", role: .agent, occasional: false)
            let ticket: JSONValue = ["subject": "Money back", "description": "d", "email": "cus@customer.example", "type": "Refund"]
            let before = try await client.call(.post, "/api/v2/tickets", key: key, json: ticket)
            #expect(before.status == 201 && before.object?["responder_id"] == .null, "\(before.text)")
            let skill = try await client.call(
                .post, "/api/v2/skills", key: key,
                json: [
                    "name": "Refunds", "agents": [["id": .int(ann.agentID.rawValue)]],
                    "conditions": [["resource_type": "ticket", "field_name": "ticket_type", "operator": "in", "value": ["Refund"]]],
                ])
            try #require(skill.status == 201, "\(skill.text)")
            let after = try await client.call(.post, "/api/v2/tickets", key: key, json: ticket)
            #expect(after.object?.int("responder_id") == ann.agentID.rawValue, "\(after.text)")
        }
    }

    @Test func skillsRouteNewTicketsToTheLeastLoadedAgentWhoHasThem() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let provisioning = Provisioning(store: server.store, actor: .cli("test"))
            let ann = try await provisioning.createAgent(
                tenantSubdomain: "alpha", email: "ann@alpha.example", name: "Ann", role: .agent, occasional: false)
            let ben = try await provisioning.createAgent(
                tenantSubdomain: "alpha", email: "ben@alpha.example", name: "Ben", role: .supervisor, occasional: false)
            let theirs = try await provisioning.createAgent(
                tenantSubdomain: "beta", email: "tia@beta.example", name: "Tia", role: .agent, occasional: false)
            let body = """
                {"name": "Refunds", "match_type": "any", "agents": [{"id": \(ann.agentID)}, {"id": \(ben.agentID)}],
                 "conditions": [{"resource_type": "ticket", "field_name": "ticket_type", "operator": "in", "value": ["Refund"]},
                                {"resource_type": "ticket", "field_name": "priority", "operator": "in", "value": ["4"]}]}
                """
            let created = try await client.call(.post, "/api/v2/skills", key: key, json: Self.json(body))
            #expect(created.status == 201, "\(created.text)")
            let skillID = try #require(created.object?.int("id"))
            #expect(created.object?.int("rank") == 1 && created.object?.string("match_type") == "any")
            #expect(created.object?["agents"] == .array([["id": .int(ann.agentID.rawValue)], ["id": .int(ben.agentID.rawValue)]]))
            #expect(created.object?["conditions"]?.arrayValue?.first?.objectValue?["value"] == .array(["Refund"]))

            let bad: [(String, String, Int)] = [
                (#"{"match_type": "all"}"#, "name", 400),
                (#"{"name": "refunds"}"#, "name", 409),
                (#"{"name": "X", "match_type": "most"}"#, "match_type", 400),
                (#"{"name": "X", "rank": 0}"#, "rank", 400),
                (#"{"name": "X", "conditions": [{"field_name": "mood", "value": ["x"]}]}"#, "conditions[0].field_name", 400),
                (
                    #"{"name": "X", "conditions": [{"field_name": "priority", "operator": "like", "value": ["1"]}]}"#,
                    "conditions[0].operator", 400
                ),
                (#"{"name": "X", "conditions": [{"field_name": "priority", "value": []}]}"#, "conditions[0].value", 400),
                (#"{"name": "X", "conditions": [{"field_name": "priority", "value": [{"a": 1}]}]}"#, "conditions[0].value", 400),
                (
                    #"{"name": "X", "conditions": [{"resource_type": "contact", "field_name": "priority", "value": ["1"]}]}"#,
                    "conditions[0].resource_type", 400
                ),
                (#"{"name": "X", "agents": [{"id": \#(theirs.agentID)}]}"#, "agents", 400),
                (#"{"name": "X", "agents": ["ann"]}"#, "agents[0]", 400),
            ]
            for (text, field, status) in bad {
                let refused = try await client.call(.post, "/api/v2/skills", key: key, json: Self.json(text))
                #expect(refused.status == status && Self.fields(refused).contains(field), "\(text): \(refused.text)")
            }
            #expect(try await client.call(.get, "/api/v2/skills?per_page=100", key: key).array?.count == 1)
            #expect(try await client.call(.get, "/api/v2/admin/skills/\(skillID)", key: key).object?.string("name") == "Refunds")
            #expect(try await client.call(.post, "/api/v2/skills", key: ben.apiKey, json: ["name": "Mine"]).status == 403)
            #expect(try await client.call(.get, "/api/v2/skills/\(skillID)", key: server.tenants[1].apiKey).status == 404)

            // Agents carry their skills.
            let annView = try await client.call(.get, "/api/v2/agents/\(ann.agentID)", key: key)
            #expect(annView.object?["skill_ids"] == .array([.int(skillID)]), "\(annView.text)")

            func ticket(_ extra: JSONObject) async throws -> JSONObject {
                var object: JSONObject = ["subject": "Money back", "description": "d", "email": "cus@customer.example"]
                for (name, value) in extra { object.append(name, value) }
                let result = try await client.call(.post, "/api/v2/tickets", key: key, json: .object(object))
                #expect(result.status == 201, "\(result.text)")
                return try #require(result.object)
            }
            // Both have none: the lower id first; then the other (one unresolved ticket each); then the first again.
            let first = try await ticket(["type": "Refund"])
            let second = try await ticket(["priority": 4])
            #expect(first.int("responder_id") == ann.agentID.rawValue && second.int("responder_id") == ben.agentID.rawValue)
            #expect(try await ticket(["type": "Question"])["responder_id"] == .null, "no skill matches")
            #expect(
                try await ticket(["type": "Refund", "responder_id": .int(ben.agentID.rawValue)]).int("responder_id") == ben.agentID.rawValue
            )
            // Ann's ticket resolved: she is least loaded again.
            _ = try await client.call(.put, "/api/v2/tickets/\(first.int("id")!)", key: key, json: ["status": 4])
            #expect(try await ticket(["type": "Refund"]).int("responder_id") == ann.agentID.rawValue)

            // All conditions, not any; and an agent's skills set from the agent's side.
            let strict = try await client.call(
                .post, "/api/v2/skills", key: key,
                json: Self.json(
                    """
                    {"name": "Urgent phone", "rank": 1, "match_type": "all",
                     "conditions": [{"field_name": "priority", "value": ["4"]}, {"field_name": "source", "operator": "in", "value": ["3"]}]}
                    """))
            let strictID = try #require(strict.object?.int("id"))
            #expect(strict.object?.int("rank") == 1)
            #expect(try await client.call(.get, "/api/v2/skills/\(skillID)", key: key).object?.int("rank") == 2, "the others move down")
            let moved = try await client.call(.put, "/api/v2/skills/\(skillID)", key: key, json: ["rank": 50])
            #expect(moved.object?.int("rank") == 2, "a rank past the end is the last place: \(moved.text)")
            let assigned = try await client.call(.put, "/api/v2/agents/\(ben.agentID)", key: key, json: ["skill_ids": [.int(strictID)]])
            #expect(assigned.status == 200 && assigned.object?["skill_ids"] == .array([.int(strictID)]), "\(assigned.text)")
            #expect(try await client.call(.put, "/api/v2/agents/\(ben.agentID)", key: key, json: ["skill_ids": [99_999]]).status == 400)
            #expect(try await ticket(["priority": 4, "source": 3]).int("responder_id") == ben.agentID.rawValue)
            #expect(
                try await ticket(["priority": 4]).int("responder_id") == ann.agentID.rawValue, "Ben left Refunds when his skills were set")

            #expect(try await client.call(.delete, "/api/v2/skills/\(skillID)", key: key).status == 204)
            #expect(try await ticket(["type": "Refund"])["responder_id"] == .null)
        }
    }
}
