import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/surveys`, `/surveys/satisfaction_ratings` and `/tickets/{id}/satisfaction_ratings` in Freshdesk's shapes.
/// Freshdesk's API lists surveys and ratings and records a rating; Haven also creates and changes surveys, so a team
/// can set one up without a console. `created_since` keeps incremental readers (Airbyte) cheap.
struct SurveyController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/surveys", .readHelpdesk, handler: self.list),
            Route(.post, "/surveys", .manageSurveys, body: .json, handler: self.create),
            Route(.put, "/surveys/:id", .manageSurveys, body: .json, handler: self.update),
            Route(.get, "/surveys/satisfaction_ratings", .readHelpdesk, handler: self.ratings),
            Route(.get, "/tickets/:id/satisfaction_ratings", .readHelpdesk, handler: self.ticketRatings),
            Route(.post, "/tickets/:id/satisfaction_ratings", .workTickets, body: .json, handler: self.rate),
        ]
    }

    static func survey(_ s: Survey) -> JSONObject {
        let accepted: JSONValue = .array(s.acceptedRatings.map { .int($0) })
        let questions: [JSONValue] =
            [.object(["id": "default_question", "label": .string(Survey.defaultQuestion), "accepted_ratings": accepted, "default": true])]
            + s.questions.map {
                .object(["id": .string("question_\($0.id)"), "label": .string($0.label), "accepted_ratings": accepted, "default": false])
            }
        return [
            "id": .id(s.id), "title": .string(s.title), "active": .bool(s.active), "questions": .array(questions),
            "created_at": .timestamp(s.createdAt), "updated_at": .timestamp(s.updatedAt),
        ]
    }

    static func rating(_ r: SatisfactionRating) -> JSONObject {
        [
            "id": .id(r.id), "survey_id": .id(r.surveyID), "user_id": .id(r.userID), "agent_id": r.agentID.map { .id($0) } ?? .null,
            "feedback": r.feedback.map(JSONValue.string) ?? .null, "group_id": r.groupID.map { .id($0) } ?? .null,
            "ticket_id": .id(r.ticketID), "ratings": .object(JSONObject(r.ratings.map { ($0.key, .int($0.value)) })),
            "created_at": .timestamp(r.createdAt), "updated_at": .timestamp(r.updatedAt),
        ]
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page", "state"])
        if let state = request.query["state"], state != "active" { throw HavenError.validation([.notOneOf("state", ["active"])]) }
        var surveys = try await Surveys(self.helpdesk).all(by: request.principal)
        if request.query["state"] == "active" { surveys = surveys.filter(\.active) }
        return .ok(.array(surveys.map { .object(Self.survey($0)) }))
    }

    static func changes(_ request: APIRequest) throws -> Surveys.Changes {
        var fields = BodyFields(request.object, allowed: ["title", "scale", "active", "questions"])
        var changes = Surveys.Changes()
        changes.title = fields.nonNullString("title")
        changes.scale = fields.nonNullInteger("scale")
        changes.active = fields.boolean("active")
        changes.questions = fields.stringArray("questions", itemMaxLength: 255, maxCount: 10)
        try fields.finish()
        return changes
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        let survey = try await Surveys(self.helpdesk).create(try Self.changes(request), by: request.principal)
        return .created(.object(Self.survey(survey)), location: "\(request.baseURL)/api/v2/surveys/\(survey.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        .ok(
            .object(
                Self.survey(try await Surveys(self.helpdesk).update(try request.id(), try Self.changes(request), by: request.principal))))
    }

    @Sendable func ratings(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly(["created_since", "page", "per_page"])
        let page = try Pagination.request(q)
        let ratings = try await Surveys(self.helpdesk).ratings(since: try q.timestamp("created_since"), page: page, by: request.principal)
        return Pagination.response(ratings, request: request, path: "/surveys/satisfaction_ratings") { .object(Self.rating($0)) }
    }

    @Sendable func ticketRatings(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let ratings = try await Surveys(self.helpdesk).ratings(of: try request.id(), by: request.principal)
        return .ok(.array(ratings.map { .object(Self.rating($0)) }))
    }

    @Sendable func rate(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["ratings", "feedback"])
        fields.require("ratings")
        let answers = fields.objectValue("ratings")
        let feedback = fields.string("feedback", maxLength: 10_000) ?? nil
        var ratings: [(key: String, value: Int64)] = []
        for (key, value) in answers ?? JSONObject() {
            guard let number = value.intValue else {
                fields.fail(.wrongType("ratings.\(key)", "Integer"))
                continue
            }
            ratings.append((key, number))
        }
        try fields.finish()
        let rating = try await Surveys(self.helpdesk).rate(try request.id(), ratings: ratings, feedback: feedback, by: request.principal)
        return .created(.object(Self.rating(rating)), location: "\(request.baseURL)/api/v2/surveys/satisfaction_ratings")
    }
}
