import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Business hours and SLA policies over the API in Freshdesk's shapes: created, listed, changed and deleted by
/// administrators, read by agents, invisible to other tenants; every kind of bad input refused with the field named
/// and nothing written.
@Suite struct SLAPolicyAPITests {
    static func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }

    static let week = """
        {"monday": {"start_time": "9:00 am", "end_time": "5:00 pm"}, "tuesday": {"start_time": "9:00 am", "end_time": "5:00 pm"},
         "wednesday": [{"start_time": "9:00 am", "end_time": "12:00 pm"}, {"start_time": "1:00 pm", "end_time": "5:00 pm"}],
         "thursday": {"start_time": "9:00 am", "end_time": "5:00 pm"}, "friday": {"start_time": "9:00 am", "end_time": "3:00 pm"}}
        """

    static func targets(business: Bool = false) -> String {
        """
        {"priority_4": {"respond_within": 900, "resolve_within": 3600, "next_respond_within": 900, "business_hours": \(business)},
         "priority_3": {"respond_within": 1800, "resolve_within": 7200, "business_hours": \(business)},
         "priority_2": {"respond_within": 3600, "resolve_within": 14400, "business_hours": \(business)},
         "priority_1": {"respond_within": 3600, "resolve_within": 28800, "business_hours": \(business)}}
        """
    }

    static func fields(_ result: HTTPResult) -> [String] { result.fieldErrors.map(\.field) }

    @Test func businessHours_inFreshdesksShape_withBadInputNamed() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let created = try await client.call(
                .post, "/api/v2/business_hours", key: key,
                json: Self.json(
                    #"{"name": "New York office", "time_zone": "America/New_York", "business_hours": \#(Self.week), "holidays": [{"name": "Christmas", "date": "12-25"}]}"#
                ))
            #expect(created.status == 201, "\(created.text)")
            let hours = try #require(created.object)
            let id = try #require(hours.int("id"))
            #expect(hours["is_default"] == .bool(true))
            #expect(hours["business_hours"]?.objectValue?["monday"] == Self.json(#"{"start_time": "9:00 am", "end_time": "5:00 pm"}"#))
            #expect(hours["business_hours"]?.objectValue?["wednesday"]?.arrayValue?.count == 2)
            #expect(hours["business_hours"]?.objectValue?["saturday"] == nil)
            #expect(hours["holidays"] == Self.json(#"[{"name": "Christmas", "date": "12-25"}]"#))
            #expect(isWireTimestamp(hours["created_at"]))

            let bad: [(String, String)] = [
                (
                    #"{"name": "A", "time_zone": "America/New_York", "business_hours": {"monday": [{"start_time": "9:00 am", "end_time": "1:00 pm"}, {"start_time": "12:00 pm", "end_time": "5:00 pm"}]}}"#,
                    "business_hours.monday"
                ),
                (
                    #"{"name": "A", "time_zone": "America/New_York", "business_hours": {"monday": {"start_time": "5:00 pm", "end_time": "9:00 am"}}}"#,
                    "business_hours.monday.end_time"
                ),
                (#"{"name": "A", "time_zone": "America/New_York", "business_hours": {}}"#, "business_hours"),
                (#"{"name": "A", "time_zone": "Mars/Olympus_Mons", "business_hours": \#(Self.week)}"#, "time_zone"),
                (#"{"name": "A", "time_zone": "EST", "business_hours": \#(Self.week)}"#, "time_zone"),
                (
                    #"{"name": "A", "time_zone": "UTC", "business_hours": \#(Self.week), "holidays": [{"name": "X", "date": "02-30"}]}"#,
                    "holidays[0].date"
                ),
                (
                    #"{"name": "A", "time_zone": "UTC", "business_hours": \#(Self.week), "holidays": [{"name": "X", "date": "1969-12-25"}]}"#,
                    "holidays[0].date"
                ),
                (#"{"name": "A", "time_zone": "UTC", "business_hours": \#(Self.week), "holidays": "12-25"}"#, "holidays"),
                (#"{"name": "A", "time_zone": "UTC", "business_hours": \#(Self.week), "colour": "red"}"#, "colour"),
                (#"{"time_zone": "UTC", "business_hours": \#(Self.week)}"#, "name"),
            ]
            for (body, field) in bad {
                let refused = try await client.call(.post, "/api/v2/business_hours", key: key, json: Self.json(body))
                #expect(refused.status == 400 && Self.fields(refused).contains(field), "\(body): \(refused.text)")
            }
            let twin = try await client.call(
                .post, "/api/v2/business_hours", key: key,
                json: Self.json(#"{"name": "new york OFFICE", "time_zone": "UTC", "business_hours": \#(Self.week)}"#))
            #expect(twin.status == 409, "\(twin.text)")
            // Nothing of the refused bodies was written.
            let listed = try await client.call(.get, "/api/v2/business_hours?page=1&per_page=100", key: key)
            #expect(listed.array?.count == 1, "\(listed.text)")

            // A second set becomes the default only when asked; the mark moves in the same change.
            let tokyo = try await client.call(
                .post, "/api/v2/business_hours", key: key,
                json: Self.json(#"{"name": "Tokyo", "time_zone": "Asia/Tokyo", "business_hours": \#(Self.week)}"#))
            let tokyoID = try #require(tokyo.object?.int("id"))
            #expect(tokyo.object?["is_default"] == .bool(false))
            let promoted = try await client.call(.put, "/api/v2/business_hours/\(tokyoID)", key: key, json: ["is_default": true])
            #expect(promoted.status == 200 && promoted.object?["is_default"] == .bool(true), "\(promoted.text)")
            let first = try await client.call(.get, "/api/v2/business_hours/\(id)", key: key)
            #expect(first.object?["is_default"] == .bool(false))
            #expect(try await client.call(.get, "/api/v2/business_hours", key: key).array?.first?.objectValue?.int("id") == tokyoID)

            // Groups count in hours of their tenant only; hours a group counts in, and the default, stay.
            let badGroup = try await client.call(.post, "/api/v2/groups", key: key, json: ["name": "Nowhere", "business_hour_id": 999_999])
            #expect(badGroup.status == 400 && Self.fields(badGroup) == ["business_hour_id"], "\(badGroup.text)")
            let group = try await client.call(.post, "/api/v2/groups", key: key, json: ["name": "East", "business_hour_id": .int(id)])
            #expect(group.status == 201, "\(group.text)")
            #expect(try await client.call(.delete, "/api/v2/business_hours/\(id)", key: key).status == 409)
            #expect(try await client.call(.delete, "/api/v2/business_hours/\(tokyoID)", key: key).status == 409)

            // Agents read them; they do not write them. Another tenant sees none of it.
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            #expect(try await client.call(.get, "/api/v2/business_hours/\(id)", key: plain.apiKey).status == 200)
            #expect(try await client.call(.put, "/api/v2/business_hours/\(id)", key: plain.apiKey, json: ["name": "x"]).status == 403)
            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/business_hours/\(id)", key: beta).status == 404)
            #expect(try await client.call(.get, "/api/v2/business_hours", key: beta).array == [])
            #expect(
                try await client.call(.post, "/api/v2/groups", key: beta, json: ["name": "Thief", "business_hour_id": .int(id)]).status
                    == 400)
        }
    }

    @Test func slaPolicies_inFreshdesksShape_withBadInputNamed() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let agent = server.tenants[0].agentID.rawValue
            let company = try #require(
                try await client.call(.post, "/api/v2/companies", key: key, json: ["name": "Big Customer"]).object?.int("id"))
            let betaCompany = try #require(
                try await client.call(.post, "/api/v2/companies", key: server.tenants[1].apiKey, json: ["name": "Theirs"]).object?.int("id")
            )
            let group = try #require(try await client.call(.post, "/api/v2/groups", key: key, json: ["name": "Tier 2"]).object?.int("id"))

            // Targets in business hours need hours to count in.
            let early = try await client.call(
                .post, "/api/v2/sla_policies", key: key,
                json: Self.json(#"{"name": "Default", "is_default": true, "sla_target": \#(Self.targets(business: true))}"#))
            #expect(early.status == 400 && Self.fields(early).contains("sla_target.priority_4.business_hours"), "\(early.text)")

            let defaultPolicy = try await client.call(
                .post, "/api/v2/sla_policies", key: key,
                json: Self.json(#"{"name": "Default", "is_default": true, "sla_target": \#(Self.targets())}"#))
            #expect(defaultPolicy.status == 201, "\(defaultPolicy.text)")
            let defaultID = try #require(defaultPolicy.object?.int("id"))
            #expect(defaultPolicy.object?["applicable_to"] == .object([:]))
            #expect(
                defaultPolicy.object?["sla_target"]?.objectValue?["priority_4"]
                    == Self.json(
                        #"{"respond_within": 900, "resolve_within": 3600, "next_respond_within": 900, "business_hours": false, "escalation_enabled": true}"#
                    ))

            let vipBody = """
                {"name": "VIP", "description": "Big customers", "sla_target": \(Self.targets()),
                 "applicable_to": {"company_ids": [\(company)], "group_ids": [\(group)], "sources": [1, 2], "ticket_types": ["Incident"]},
                 "escalation": {"response": {"escalation_time": 0, "agent_ids": [-1]},
                                "resolution": {"level_1": {"escalation_time": 0, "agent_ids": [\(agent)]}, "level_2": {"escalation_time": 1800, "agent_ids": [\(agent)]}}}}
                """
            let vip = try await client.call(.post, "/api/v2/sla_policies", key: key, json: Self.json(vipBody))
            #expect(vip.status == 201, "\(vip.text)")
            let vipID = try #require(vip.object?.int("id"))
            #expect(vip.object?["applicable_to"]?.objectValue?["sources"] == .array([1, 2]))
            #expect(vip.object?["escalation"]?.objectValue?["resolution"]?.objectValue?.keys == ["level_1", "level_2"])

            let t = Self.targets()
            let bad: [(String, String)] = [
                (
                    #"{"name": "A", "applicable_to": {"group_ids": [\#(group)]}, "sla_target": {"priority_4": {"respond_within": 0, "resolve_within": 3600}, "priority_3": {"respond_within": 900, "resolve_within": 900}, "priority_2": {"respond_within": 900, "resolve_within": 900}, "priority_1": {"respond_within": 900, "resolve_within": 900}}}"#,
                    "sla_target.priority_4.respond_within"
                ),
                (
                    #"{"name": "A", "applicable_to": {"group_ids": [\#(group)]}, "sla_target": {"priority_4": {"respond_within": 900, "resolve_within": 315360000}, "priority_3": {"respond_within": 900, "resolve_within": 900}, "priority_2": {"respond_within": 900, "resolve_within": 900}, "priority_1": {"respond_within": 900, "resolve_within": 900}}}"#,
                    "sla_target.priority_4.resolve_within"
                ),
                (
                    #"{"name": "A", "applicable_to": {"group_ids": [\#(group)]}, "sla_target": {"priority_4": {"respond_within": 900, "resolve_within": 3600}}}"#,
                    "sla_target.priority_1"
                ),
                (#"{"name": "A", "sla_target": \#(t)}"#, "applicable_to"),
                (#"{"name": "A", "sla_target": \#(t), "applicable_to": {"group_ids": [999999]}}"#, "applicable_to.group_ids"),
                (#"{"name": "A", "sla_target": \#(t), "applicable_to": {"company_ids": [\#(betaCompany)]}}"#, "applicable_to.company_ids"),
                (#"{"name": "A", "sla_target": \#(t), "applicable_to": {"sources": [42]}}"#, "applicable_to.sources"),
                (#"{"name": "A", "sla_target": \#(t), "applicable_to": {"ticket_types": ["Gossip"]}}"#, "applicable_to.ticket_types"),
                (
                    #"{"name": "A", "sla_target": \#(t), "applicable_to": {"group_ids": [\#(group)]}, "escalation": {"response": {"escalation_time": 0, "agent_ids": [999999]}}}"#,
                    "escalation.response.agent_ids"
                ),
                (
                    #"{"name": "A", "sla_target": \#(t), "applicable_to": {"group_ids": [\#(group)]}, "escalation": {"resolution": {"level_3": {"agent_ids": [-1]}}}}"#,
                    "escalation.resolution.level_3"
                ),
                (
                    #"{"name": "A", "sla_target": \#(t), "applicable_to": {"group_ids": [\#(group)]}, "escalation": {"response": {"escalation_time": 99999999, "agent_ids": [-1]}}}"#,
                    "escalation.response.escalation_time"
                ),
                (#"{"name": "A", "sla_target": \#(t), "applicable_to": {"group_ids": [\#(group)]}, "priority": 1}"#, "priority"),
                (#"{"name": "A", "sla_target": \#(t), "is_default": true, "applicable_to": {"group_ids": [\#(group)]}}"#, "applicable_to"),
            ]
            for (body, field) in bad {
                let refused = try await client.call(.post, "/api/v2/sla_policies", key: key, json: Self.json(body))
                #expect(refused.status == 400 && Self.fields(refused).contains(field), "\(body): \(refused.text)")
            }
            let secondDefault = try await client.call(
                .post, "/api/v2/sla_policies", key: key, json: Self.json(#"{"name": "Other", "is_default": true, "sla_target": \#(t)}"#))
            #expect(secondDefault.status == 409, "\(secondDefault.text)")

            // Listed in the order they are tried: the default last. Nothing of the refused bodies was written.
            let listed = try await client.call(.get, "/api/v2/sla_policies?per_page=100", key: key)
            #expect(listed.array?.compactMap { $0.objectValue?.int("id") } == [vipID, defaultID], "\(listed.text)")

            let renamed = try await client.call(
                .put, "/api/v2/sla_policies/\(vipID)", key: key, json: ["name": "Very important", "active": false])
            #expect(renamed.status == 200 && renamed.object?["active"] == .bool(false), "\(renamed.text)")
            let deactivate = try await client.call(.put, "/api/v2/sla_policies/\(defaultID)", key: key, json: ["active": false])
            #expect(deactivate.status == 400 && Self.fields(deactivate) == ["active"])
            let emptied = try await client.call(.put, "/api/v2/sla_policies/\(vipID)", key: key, json: ["applicable_to": [:]])
            #expect(emptied.status == 400 && Self.fields(emptied) == ["applicable_to"])

            // Agents read; administrators write; other tenants see nothing.
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            #expect(try await client.call(.get, "/api/v2/sla_policies/\(vipID)", key: plain.apiKey).status == 200)
            #expect(try await client.call(.delete, "/api/v2/sla_policies/\(vipID)", key: plain.apiKey).status == 403)
            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/sla_policies/\(vipID)", key: beta).status == 404)
            #expect(try await client.call(.put, "/api/v2/sla_policies/\(vipID)", key: beta, json: ["name": "mine"]).status == 404)
            #expect(try await client.call(.get, "/api/v2/sla_policies", key: beta).array == [])

            #expect(try await client.call(.delete, "/api/v2/sla_policies/\(defaultID)", key: key).status == 409)
            #expect(try await client.call(.delete, "/api/v2/sla_policies/\(vipID)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/sla_policies/\(vipID)", key: key).status == 404)

            let store = server.store
            let actions = try await store.read { sql in
                try await store.auditEntries.entries(server.tenants[0].tenant.id, afterSeq: 0, limit: 1_000, on: sql)
            }.map(\.action)
            #expect(actions.filter { $0 == "sla_policy.created" }.count == 2)
            #expect(actions.filter { $0 == "sla_policy.updated" }.count == 1)
            #expect(actions.filter { $0 == "sla_policy.deleted" }.count == 1)
        }
    }
}
