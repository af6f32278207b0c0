import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Satisfaction surveys and ratings over the API in Freshdesk's shapes: a survey with its scale's accepted ratings,
/// ratings outside the scale or of unknown questions named, `created_since` paging, the feedback sealed under the
/// requester's key and gone with them when they are erased; another tenant sees none of it.
@Suite struct SurveyAPITests {
    static func fields(_ result: HTTPResult) -> [String] { result.fieldErrors.map(\.field) }

    @Test func ratingsAnswerTheActiveSurvey_andTheFeedbackGoesWithTheCustomer() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"], mailDomain: "support.test") { server, client in
            let key = server.tenants[0].apiKey
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": "Refund", "description": "d", "email": "sam@customer.example",
                    "responder_id": .int(server.tenants[0].agentID.rawValue),
                ])
            let ticketID = try #require(ticket.object?.int("id"))
            // Without a survey there is nothing to answer.
            let early = try await client.call(
                .post, "/api/v2/tickets/\(ticketID)/satisfaction_ratings", key: key, json: ["ratings": ["default_question": 103]])
            #expect(early.status == 400 && Self.fields(early) == ["ratings"], "\(early.text)")

            let survey = try await client.call(
                .post, "/api/v2/surveys", key: key, json: ["title": "After resolution", "scale": 5, "questions": ["Was the agent kind?"]])
            #expect(survey.status == 201, "\(survey.text)")
            let questions = survey.object?["questions"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(questions.map { $0.string("id") ?? "" }.first == "default_question" && questions.count == 2)
            #expect(questions.first?["accepted_ratings"] == .array([-103, -102, 100, 102, 103]))
            #expect(survey.object?["active"] == true)
            let question = try #require(questions.last?.string("id"))
            // With a survey active, an agent's reply mail names where to rate it: the ticket on the portal.
            #expect(try await client.call(.post, "/api/v2/tickets/\(ticketID)/reply", key: key, json: ["body": "Done"]).status == 201)
            let mail = try await server.store.read { sql in
                try await server.store.mail.due(at: TestServer.epoch.adding(seconds: 60), limit: 10, on: sql)
            }
            let reply = mail.first { $0.kind == .reply }.map { String(decoding: $0.content, as: UTF8.self) } ?? ""
            #expect(reply.contains("How did we do? Rate this answer: https://alpha.localhost/tickets/\(ticketID)#rate"), "\(reply)")
            for (body, field): (JSONValue, String) in [
                (["title": "x", "scale": 4], "scale"), (["scale": 3], "title"), (["title": "x", "questions": ["A", "A"]], "questions"),
            ] {
                let refused = try await client.call(.post, "/api/v2/surveys", key: key, json: body)
                #expect(refused.status == 400 && Self.fields(refused).contains(field), "\(body): \(refused.text)")
            }

            let bad: [(JSONValue, String)] = [
                (["ratings": ["default_question": 101]], "ratings.default_question"),
                (["ratings": ["default_question": 103, "question_999": 103]], "ratings.question_999"),
                (["ratings": [.init(stringLiteral: question): 103]], "ratings.default_question"),
                (["ratings": ["default_question": "happy"]], "ratings.default_question"),
                (["ratings": ["default_question": 103], "mood": "ok"], "mood"),
                ([:], "ratings"),
            ]
            for (body, field) in bad {
                let refused = try await client.call(.post, "/api/v2/tickets/\(ticketID)/satisfaction_ratings", key: key, json: body)
                #expect(refused.status == 400 && Self.fields(refused).contains(field), "\(body): \(refused.text)")
            }
            #expect(
                try await client.call(
                    .post, "/api/v2/tickets/999999/satisfaction_ratings", key: key, json: ["ratings": ["default_question": 103]]
                ).status == 404)

            let rated = try await client.call(
                .post, "/api/v2/tickets/\(ticketID)/satisfaction_ratings", key: key,
                json: [
                    "ratings": ["default_question": 103, .init(stringLiteral: question): 102], "feedback": "Marker-feedback-5521 quick",
                ])
            #expect(rated.status == 201, "\(rated.text)")
            #expect(rated.object?.int("user_id") == ticket.object?.int("requester_id"))
            #expect(rated.object?.int("agent_id") == server.tenants[0].agentID.rawValue)
            #expect(try DataFiles.plaintext(["Marker-feedback-5521"], under: server.directory) == [])

            // Listed, oldest first, from created_since on; and per ticket.
            server.clock.advance(seconds: 3600)
            let second = try await client.call(
                .post, "/api/v2/tickets/\(ticketID)/satisfaction_ratings", key: key, json: ["ratings": ["default_question": -103]])
            #expect(second.status == 201, "\(second.text)")
            let all = try await client.call(.get, "/api/v2/surveys/satisfaction_ratings?per_page=100", key: key)
            #expect(all.array?.count == 2)
            let since = TestServer.epoch.adding(seconds: 1800).iso8601
            let later = try await client.call(.get, "/api/v2/surveys/satisfaction_ratings?created_since=\(since)", key: key)
            #expect(later.array?.compactMap { $0.objectValue?["ratings"] } == [.object(["default_question": -103])], "\(later.text)")
            let firstPage = try await client.call(.get, "/api/v2/surveys/satisfaction_ratings?per_page=1", key: key)
            #expect(firstPage.array?.count == 1 && firstPage.headers[.init("Link")!]?.contains("page=2") == true)
            let ofTicket = try await client.call(.get, "/api/v2/tickets/\(ticketID)/satisfaction_ratings", key: key)
            #expect(ofTicket.array?.count == 2, "\(ofTicket.status) \(ofTicket.text)")
            #expect(try await client.call(.get, "/api/v2/surveys/satisfaction_ratings?created_since=yesterday", key: key).status == 400)

            // Another tenant: no surveys, no ratings, not the ticket.
            let beta = server.tenants[1].apiKey
            #expect(try await client.call(.get, "/api/v2/surveys", key: beta).array == [])
            #expect(try await client.call(.get, "/api/v2/surveys/satisfaction_ratings", key: beta).array == [])
            #expect(try await client.call(.get, "/api/v2/tickets/\(ticketID)/satisfaction_ratings", key: beta).status == 404)

            // The customer erased: the feedback is unreadable, the numbers stay.
            let requester = try #require(ticket.object?.int("requester_id"))
            #expect(try await client.call(.delete, "/api/v2/contacts/\(requester)/hard_delete?force=true", key: key).status == 204)
            let gone = try await client.call(.get, "/api/v2/surveys/satisfaction_ratings", key: key)
            #expect(gone.array == [], "hard delete removes the person's tickets, and their ratings with them: \(gone.text)")
        }
    }
}
