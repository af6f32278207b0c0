import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/scenario_automations` in Freshdesk's shape (`actions` as `[{"name": …, "value": …}]`), and running one on a
/// ticket: `POST /tickets/{id}/scenario_automations/{scenario_id}/execute`, which answers with the ticket as it is
/// then. Freshdesk's API lists scenarios only; Haven also writes them, so a team can keep them in code.
struct ScenarioController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/scenario_automations", .readHelpdesk, handler: self.list),
            Route(.get, "/scenario_automations/:id", .readHelpdesk, handler: self.view),
            Route(.post, "/scenario_automations", .manageScenarios, body: .json, handler: self.create),
            Route(.put, "/scenario_automations/:id", .manageScenarios, body: .json, handler: self.update),
            Route(.delete, "/scenario_automations/:id", .manageScenarios, handler: self.delete),
            Route(.post, "/tickets/:id/scenario_automations/:scenario_id/execute", .workTickets, handler: self.execute),
        ]
    }

    static func present(_ s: ScenarioAutomation) -> JSONObject {
        [
            "id": .id(s.id), "name": .string(s.name), "description": s.description.map(JSONValue.string) ?? .null,
            "actions": .array(s.actions.map(\.json)), "private": false, "created_at": .timestamp(s.createdAt),
            "updated_at": .timestamp(s.updatedAt),
        ]
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(.array(try await Scenarios(self.helpdesk).all(by: request.principal).map { .object(Self.present($0)) }))
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.present(try await Scenarios(self.helpdesk).find(try request.id(), by: request.principal))))
    }

    static func changes(_ request: APIRequest) throws -> Scenarios.Changes {
        var fields = BodyFields(request.object, allowed: ["name", "description", "actions"])
        var changes = Scenarios.Changes()
        changes.name = fields.nonNullString("name")
        changes.description = fields.string("description", maxLength: 1000)
        if let actions = request.object["actions"] {
            var errors: [FieldError] = []
            changes.actions = ScenarioAction.read(actions, errors: &errors)
            for error in errors { fields.fail(error) }
        }
        try fields.finish()
        return changes
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        let scenario = try await Scenarios(self.helpdesk).create(try Self.changes(request), by: request.principal)
        return .created(.object(Self.present(scenario)), location: "\(request.baseURL)/api/v2/scenario_automations/\(scenario.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        .ok(
            .object(
                Self.present(try await Scenarios(self.helpdesk).update(try request.id(), try Self.changes(request), by: request.principal)))
        )
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await Scenarios(self.helpdesk).delete(try request.id(), by: request.principal)
        return .noContent
    }

    @Sendable func execute(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let details = try await Scenarios(self.helpdesk).execute(try request.id("scenario_id"), on: try request.id(), by: request.principal)
        return .ok(.object(Presenters.ticket(details.ticket, customFields: details.customFields)))
    }
}
