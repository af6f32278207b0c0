import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Tickets under SLA policies through the API: due dates on create (in a group's business hours, or around the
/// clock), the clock standing while pending, dates set by hand kept, responses setting and clearing the next-response
/// date, and the escalation service flagging what passed, telling the escalation agents by mail and recording it.
@Suite struct SLATicketTests {
    static func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }
    static let epoch = TestServer.epoch  // Wednesday 2024-05-01 10:00 UTC

    static func time(_ offset: Int64) -> JSONValue { .string(Self.epoch.adding(seconds: offset).iso8601) }

    @Test func dueDatesFollowThePolicyTheClockAndTheResponses() async throws {
        try await TestServer.start(mailDomain: "support.test") { server, client in
            let key = server.tenants[0].apiKey
            let agent = server.tenants[0].agentID.rawValue
            let policy = try await client.call(
                .post, "/api/v2/sla_policies", key: key,
                json: Self.json(
                    """
                    {"name": "Default", "is_default": true,
                     "sla_target": {"priority_4": {"respond_within": 900, "resolve_within": 3600, "next_respond_within": 900},
                                    "priority_3": {"respond_within": 1800, "resolve_within": 7200},
                                    "priority_2": {"respond_within": 3600, "resolve_within": 14400},
                                    "priority_1": {"respond_within": 3600, "resolve_within": 28800}},
                     "escalation": {"response": {"escalation_time": 0, "agent_ids": [-1]},
                                    "resolution": {"level_1": {"escalation_time": 0, "agent_ids": [\(agent)]}}}}
                    """))
            #expect(policy.status == 201, "\(policy.text)")

            let created = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": "Down", "description": "d", "email": "ann@customer.example", "priority": 4, "status": 2,
                    "responder_id": .int(agent),
                ])
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.object?.int("id"))
            #expect(created.object?["fr_due_by"] == Self.time(900))
            #expect(created.object?["due_by"] == Self.time(3600))
            #expect(created.object?["nr_due_by"] == .null)

            // A due date set by hand stays, through a priority change too.
            let manual = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": "Later", "description": "d", "email": "bob@customer.example", "priority": 4, "status": 2,
                    "due_by": Self.time(86_400 * 3),
                ])
            let manualID = try #require(manual.object?.int("id"))
            #expect(manual.object?["due_by"] == Self.time(86_400 * 3) && manual.object?["fr_due_by"] == Self.time(900))
            let lowered = try await client.call(.put, "/api/v2/tickets/\(manualID)", key: key, json: ["priority": 1])
            #expect(
                lowered.object?["due_by"] == Self.time(86_400 * 3) && lowered.object?["fr_due_by"] == Self.time(3600), "\(lowered.text)")
            // Resolved, its clock stands: the escalation service leaves it alone from now on.
            #expect(try await client.call(.put, "/api/v2/tickets/\(manualID)", key: key, json: ["status": 4]).status == 200)

            // Pending from +300 to +1500: the dates move on by the 20 minutes the clock stood.
            server.clock.advance(seconds: 300)
            #expect(try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["status": 3]).status == 200)
            server.clock.advance(seconds: 1200)
            let resumed = try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["status": 2])
            #expect(resumed.object?["fr_due_by"] == Self.time(2100), "\(resumed.text)")
            #expect(resumed.object?["due_by"] == Self.time(4800))

            // Past the first-response date: flagged, the assigned agent told, recorded.
            server.clock.set(Self.epoch.adding(seconds: 2200))
            let first = try await EscalateOverdueTickets(server.helpdesk).run()
            #expect(first.breaches == 1 && first.notices == 1 && first.tickets >= 1, "\(first)")
            let flagged = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
            #expect(flagged.object?["fr_escalated"] == .bool(true) && flagged.object?["is_escalated"] == .bool(false))
            #expect(flagged.object?["updated_at"] == Self.time(2200), "a flag set is a change incremental readers see")
            #expect(try await EscalateOverdueTickets(server.helpdesk).run().breaches == 0)

            // The agent answers, the customer replies: a next response is due 15 minutes later.
            let answered = try await client.call(.post, "/api/v2/tickets/\(id)/reply", key: key, json: ["body": "Looking into it"])
            #expect(answered.status == 201, "\(answered.text)")
            server.clock.advance(seconds: 60)
            let requester = try #require(created.object?.int("requester_id"))
            let customer = try await client.call(
                .post, "/api/v2/tickets/\(id)/reply", key: key, json: ["body": "Any news?", "user_id": .int(requester)])
            #expect(customer.status == 201, "\(customer.text)")
            let waiting = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
            #expect(waiting.object?["nr_due_by"] == Self.time(2260 + 900), "\(waiting.text)")

            // Past resolution and next response: both flagged, the level-1 agent told (the response step was sent).
            server.clock.set(Self.epoch.adding(seconds: 5000))
            let second = try await EscalateOverdueTickets(server.helpdesk).run()
            #expect(second.breaches == 2, "\(second)")
            let overdue = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
            #expect(overdue.object?["is_escalated"] == .bool(true) && overdue.object?["nr_escalated"] == .bool(true))
            // Answering clears the next-response date.
            _ = try await client.call(.post, "/api/v2/tickets/\(id)/reply", key: key, json: ["body": "Fixed"])
            #expect(try await client.call(.get, "/api/v2/tickets/\(id)", key: key).object?["nr_due_by"] == .null)

            let store = server.store
            let tenant = server.tenants[0].tenant.id
            let entries = try await store.read { sql in try await store.auditEntries.entries(tenant, afterSeq: 0, limit: 1_000, on: sql) }
            let escalations = entries.filter { $0.action == "ticket.escalated" }
            #expect(
                escalations.count == 2
                    && escalations.allSatisfy { $0.targetID == String(id) && $0.actorType == "system" && $0.actorName == "sla" })
            let mail = try await store.read { sql in try await store.mail.due(at: Self.epoch.adding(seconds: 999_999), limit: 100, on: sql)
            }
            let notices = mail.filter { $0.kind == .escalation }
            #expect(notices.count == 2, "\(mail.map(\.kind))")
            let text = notices.map { String(decoding: $0.content, as: UTF8.self) }.joined()
            #expect(text.contains("Ticket #\(id) is overdue for first response"))
            #expect(text.contains("Ticket #\(id) is overdue for resolution and response"), "\(text)")
            // The notice names the ticket, not the customer's words.
            #expect(!text.contains("Any news"))
        }
    }

    @Test func aGroupsBusinessHoursAndHolidaysSetTheDates() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let hours = try await client.call(
                .post, "/api/v2/business_hours", key: key,
                json: Self.json(
                    """
                    {"name": "Tokyo", "time_zone": "Asia/Tokyo",
                     "business_hours": {"monday": {"start_time": "9:00 am", "end_time": "5:00 pm"}, "tuesday": {"start_time": "9:00 am", "end_time": "5:00 pm"},
                                        "wednesday": {"start_time": "9:00 am", "end_time": "5:00 pm"}, "thursday": {"start_time": "9:00 am", "end_time": "5:00 pm"},
                                        "friday": {"start_time": "9:00 am", "end_time": "5:00 pm"}},
                     "holidays": [{"name": "Greenery Day", "date": "05-04"}, {"name": "Showa Day", "date": "2024-05-02"}]}
                    """))
            let hoursID = try #require(hours.object?.int("id"))
            // The default hours are New York's; the Tokyo group counts in its own.
            _ = try await client.call(
                .post, "/api/v2/business_hours", key: key,
                json: Self.json(
                    #"{"name": "New York", "time_zone": "America/New_York", "is_default": true, "business_hours": {"wednesday": {"start_time": "9:00 am", "end_time": "5:00 pm"}}}"#
                ))
            let group = try #require(
                try await client.call(.post, "/api/v2/groups", key: key, json: ["name": "Japan", "business_hour_id": .int(hoursID)]).object?
                    .int("id"))
            let policy = try await client.call(
                .post, "/api/v2/sla_policies", key: key,
                json: Self.json(
                    """
                    {"name": "Default", "is_default": true,
                     "sla_target": {"priority_4": {"respond_within": 3600, "resolve_within": 28800, "business_hours": true},
                                    "priority_3": {"respond_within": 3600, "resolve_within": 28800, "business_hours": true},
                                    "priority_2": {"respond_within": 3600, "resolve_within": 28800, "business_hours": true},
                                    "priority_1": {"respond_within": 3600, "resolve_within": 28800, "business_hours": true}}}
                    """))
            #expect(policy.status == 201, "\(policy.text)")
            // Wednesday 19:00 in Tokyo: closed; Thursday is a one-off holiday, so Friday 10:00 (01:00 UTC) and Friday 17:00.
            let tokyo = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": "Tokyo", "description": "d", "email": "kei@customer.example", "priority": 1, "status": 2,
                    "group_id": .int(group),
                ])
            #expect(tokyo.object?["fr_due_by"] == "2024-05-03T01:00:00Z", "\(tokyo.text)")
            #expect(tokyo.object?["due_by"] == "2024-05-03T08:00:00Z")
            // Without the group: New York's Wednesday, 6:00 there now, so 10:00 and then the next Wednesday.
            let newYork = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "NY", "description": "d", "email": "ned@customer.example", "priority": 1, "status": 2])
            #expect(newYork.object?["fr_due_by"] == "2024-05-01T14:00:00Z", "\(newYork.text)")
            #expect(newYork.object?["due_by"] == "2024-05-01T21:00:00Z")
            // Moving the ticket into the Tokyo group moves its dates into Tokyo's hours.
            let moved = try await client.call(
                .put, "/api/v2/tickets/\(try #require(newYork.object?.int("id")))", key: key, json: ["group_id": .int(group)])
            #expect(moved.object?["due_by"] == "2024-05-03T08:00:00Z", "\(moved.text)")
        }
    }
}
