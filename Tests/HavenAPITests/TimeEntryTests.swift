import Foundation
import HTTPTypes
import HavenCore
import Testing

/// Time entries through the API as Freshdesk clients use them: durations and timers, the one-timer-per-agent rule,
/// filters, tenant isolation, and bad input answered by name with nothing written.
@Suite struct TimeEntryTests {
    @Test func durationsAndTimers_followFreshdesksRules() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let agent = server.tenants[0].agentID.rawValue
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "Printer", "email": "p@alpha.example"])
            let ticketID = try #require(ticket.object?.int("id"))

            // A duration: the timer does not run, the time is what was given.
            let fixed = try await client.call(
                .post, "/api/v2/tickets/\(ticketID)/time_entries", key: key,
                json: ["time_spent": "01:30", "note": "Replaced the toner", "billable": false])
            #expect(fixed.status == 201, "\(fixed.text)")
            let fixedObject = try #require(fixed.object)
            #expect(fixedObject["timer_running"] == false && fixedObject.string("time_spent") == "01:30")
            #expect(fixedObject.int("agent_id") == agent && fixedObject.int("ticket_id") == ticketID)
            #expect(fixedObject["billable"] == false && fixedObject.string("note") == "Replaced the toner")
            #expect(isWireTimestamp(fixedObject["executed_at"]) && isWireTimestamp(fixedObject["start_time"]))
            #expect(fixed.header("Location")?.hasSuffix("/api/v2/time_entries/\(fixedObject.int("id")!)") == true)

            // No duration: a timer starts. Ten minutes later it shows 00:10; stopping it keeps them.
            let timer = try await client.call(.post, "/api/v2/tickets/\(ticketID)/time_entries", key: key, json: ["note": "On it"])
            #expect(timer.status == 201 && timer.object?["timer_running"] == true && timer.object?.string("time_spent") == "00:00")
            let timerID = try #require(timer.object?.int("id"))
            server.clock.advance(seconds: 600)
            #expect(try await client.call(.get, "/api/v2/time_entries/\(timerID)", key: key).object?.string("time_spent") == "00:10")
            let stopped = try await client.call(.put, "/api/v2/time_entries/\(timerID)/toggle_timer", key: key)
            #expect(stopped.object?["timer_running"] == false && stopped.object?.string("time_spent") == "00:10")
            server.clock.advance(seconds: 600)
            #expect(try await client.call(.get, "/api/v2/time_entries/\(timerID)", key: key).object?.string("time_spent") == "00:10")

            // One timer per agent: starting another stops the first, its time kept.
            _ = try await client.call(.put, "/api/v2/time_entries/\(timerID)/toggle_timer", key: key)
            server.clock.advance(seconds: 300)
            let second = try await client.call(.post, "/api/v2/tickets/\(ticketID)/time_entries", key: key, json: ["timer_running": true])
            #expect(second.object?["timer_running"] == true)
            let first = try await client.call(.get, "/api/v2/time_entries/\(timerID)", key: key)
            #expect(first.object?["timer_running"] == false && first.object?.string("time_spent") == "00:15")

            // Update: a duration on a stopped timer, billing, the note cleared.
            let updated = try await client.call(
                .put, "/api/v2/time_entries/\(timerID)", key: key, json: ["time_spent": "02:05", "billable": false, "note": nil])
            #expect(updated.status == 200)
            #expect(updated.object?.string("time_spent") == "02:05" && updated.object?["note"] == .null)

            // Lists: the ticket's in creation order; all, filtered.
            let listed = try await client.call(.get, "/api/v2/tickets/\(ticketID)/time_entries?per_page=2", key: key)
            #expect(listed.array?.compactMap { $0.objectValue?.int("id") } == [fixedObject.int("id")!, timerID])
            #expect(listed.header("Link")?.contains("page=2") == true)
            let billable = try await client.call(.get, "/api/v2/time_entries?billable=false&agent_id=\(agent)", key: key)
            #expect(billable.array?.count == 2)
            let none = try await client.call(.get, "/api/v2/time_entries?executed_after=2030-01-01T00:00:00Z", key: key)
            #expect(none.array?.isEmpty == true)

            // Another tenant sees nothing of them.
            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/time_entries/\(timerID)", key: beta).status == 404)
            #expect(try await client.call(.get, "/api/v2/time_entries", key: beta).array?.isEmpty == true)
            #expect(try await client.call(.delete, "/api/v2/time_entries/\(timerID)", key: beta).status == 404)

            #expect(try await client.call(.delete, "/api/v2/time_entries/\(timerID)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/time_entries/\(timerID)", key: key).status == 404)
        }
    }

    @Test func badInput_isNamedAndWritesNothing() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "Printer", "email": "p@alpha.example"])
            let ticketID = try #require(ticket.object?.int("id"))
            let path = "/api/v2/tickets/\(ticketID)/time_entries"
            let before = try await server.rowCounts()
            let cases: [(JSONValue, String)] = [
                (["time_spent": "1:5"], "time_spent"),
                (["time_spent": "01:60"], "time_spent"),
                (["time_spent": 90], "time_spent"),
                (["time_spent": "01:00", "timer_running": true], "time_spent"),
                (["start_time": "2030-01-01T00:00:00Z"], "start_time"),
                (["start_time": "2024-05-01T09:00:00Z", "timer_running": false], "start_time"),
                (["executed_at": "2031-01-01T00:00:00Z", "time_spent": "00:10"], "executed_at"),
                (["agent_id": 999_999], "agent_id"),
                (["billable": "yes"], "billable"),
                (["hours": 2], "hours"),
            ]
            for (body, field) in cases {
                let answer = try await client.call(.post, path, key: key, json: body)
                #expect(answer.status == 400, "\(body): \(answer.status) \(answer.text)")
                #expect(answer.fieldErrors.contains { $0.field == field }, "\(body): \(answer.text)")
            }
            #expect(try await client.call(.post, "/api/v2/tickets/999/time_entries", key: key, json: ["time_spent": "00:10"]).status == 404)
            #expect(try await client.call(.get, "/api/v2/time_entries?billable=maybe", key: key).status == 400)
            #expect(try await client.call(.get, "/api/v2/time_entries?executed_after=yesterday", key: key).status == 400)
            #expect(try await server.rowCounts() == before)

            // On an existing entry: the timer already stopped, a duration while it runs.
            let entry = try await client.call(.post, path, key: key, json: ["time_spent": "00:10"])
            let entryID = try #require(entry.object?.int("id"))
            let again = try await client.call(.put, "/api/v2/time_entries/\(entryID)", key: key, json: ["timer_running": false])
            #expect(again.status == 400 && again.hasFieldError("timer_running", "invalid_value"))
            _ = try await client.call(.put, "/api/v2/time_entries/\(entryID)/toggle_timer", key: key)
            let whileRunning = try await client.call(.put, "/api/v2/time_entries/\(entryID)", key: key, json: ["time_spent": "03:00"])
            #expect(whileRunning.status == 400 && whileRunning.hasFieldError("time_spent", "invalid_value"))
        }
    }
}
