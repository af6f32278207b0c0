import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/skills` (and Freshdesk's `/admin/skills`, the same resource) in Freshdesk's shape: `agents` as `[{"id": …}]`,
/// `conditions` as `[{"resource_type": "ticket", "field_name": …, "operator": "in"|"not_in", "value": [strings]}]`.
/// Lists are not paginated (page and per_page accepted). Administrators write them: they route new tickets.
struct SkillController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        ["/skills", "/admin/skills"].flatMap { base in
            [
                Route(.get, base, .readHelpdesk, handler: self.list),
                Route(.get, base + "/:id", .readHelpdesk, handler: self.view),
                Route(.post, base, .manageAgents, body: .json, handler: self.create),
                Route(.put, base + "/:id", .manageAgents, body: .json, handler: self.update),
                Route(.delete, base + "/:id", .manageAgents, handler: self.delete),
            ]
        }
    }

    static func present(_ s: Skill) -> JSONObject {
        [
            "id": .id(s.id), "name": .string(s.name), "rank": .int(s.rank), "match_type": .string(s.matchType.rawValue),
            "conditions": .array(
                s.conditions.map {
                    [
                        "resource_type": "ticket", "field_name": .string($0.field.rawValue), "operator": .string($0.operatorName),
                        "value": .strings($0.values),
                    ]
                }),
            "agents": .array(s.agentIDs.map { ["id": .id($0)] }), "created_at": .timestamp(s.createdAt),
            "updated_at": .timestamp(s.updatedAt),
        ]
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(.array(try await Skills(self.helpdesk).all(by: request.principal).map { .object(Self.present($0)) }))
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.present(try await Skills(self.helpdesk).find(try request.id(), by: request.principal))))
    }

    static func changes(_ request: APIRequest) throws -> Skills.Changes {
        var fields = BodyFields(request.object, allowed: ["name", "rank", "match_type", "conditions", "agents"])
        var changes = Skills.Changes()
        changes.name = fields.nonNullString("name")
        changes.rank = fields.nonNullInteger("rank")
        if let match = fields.nonNullString("match_type") {
            if let type = Skill.MatchType(rawValue: match) {
                changes.matchType = type
            } else {
                fields.fail(.notOneOf("match_type", ["all", "any"]))
            }
        }
        if let value = request.object["conditions"] { changes.conditions = Self.conditions(value, into: &fields) }
        if let value = request.object["agents"] {
            guard case .array(let items) = value else {
                fields.fail(.wrongType("agents", "Array"))
                try fields.finish()
                return changes
            }
            var agents: [UserID] = []
            for (index, item) in items.enumerated() {
                guard let id = item.objectValue?["id"]?.intValue ?? item.intValue, id > 0 else {
                    fields.fail(.invalid("agents[\(index)]", "It should be {\"id\": agent id}"))
                    continue
                }
                agents.append(UserID(id))
            }
            changes.agentIDs = agents
        }
        try fields.finish()
        return changes
    }

    /// Conditions, each problem named by its place (`conditions[1].field_name`).
    static func conditions(_ value: JSONValue, into fields: inout BodyFields) -> [SkillCondition] {
        guard case .array(let items) = value else {
            fields.fail(.wrongType("conditions", "Array"))
            return []
        }
        var conditions: [SkillCondition] = []
        for (index, item) in items.enumerated() {
            let path = "conditions[\(index)]"
            guard let object = item.objectValue else {
                fields.fail(.wrongType(path, "key/value pair"))
                continue
            }
            if let unknown = object.map(\.key).first(where: { !["resource_type", "field_name", "operator", "value"].contains($0) }) {
                fields.fail(.unexpected("\(path).\(unknown)"))
            }
            if let resource = object["resource_type"], resource != "ticket" { fields.fail(.notOneOf("\(path).resource_type", ["ticket"])) }
            guard let field = object["field_name"]?.stringValue.flatMap(SkillCondition.Field.init) else {
                fields.fail(.notOneOf("\(path).field_name", SkillCondition.Field.allCases.map(\.rawValue)))
                continue
            }
            let operatorName = object["operator"]?.stringValue ?? "in"
            guard SkillCondition.operators.contains(operatorName) else {
                fields.fail(.notOneOf("\(path).operator", SkillCondition.operators))
                continue
            }
            // Values as Freshdesk sends them (strings), numbers taken as their text.
            let raw = object["value"].map { $0.arrayValue ?? [$0] } ?? []
            let values = raw.compactMap { $0.stringValue ?? $0.intValue.map(String.init) }
            guard values.count == raw.count else {
                fields.fail(.invalid("\(path).value", "It should be a list of strings"))
                continue
            }
            conditions.append(SkillCondition(field: field, negated: operatorName == "not_in", values: values))
        }
        return conditions
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        let skill = try await Skills(self.helpdesk).create(try Self.changes(request), by: request.principal)
        return .created(.object(Self.present(skill)), location: "\(request.baseURL)/api/v2/skills/\(skill.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        .ok(
            .object(
                Self.present(try await Skills(self.helpdesk).update(try request.id(), try Self.changes(request), by: request.principal))))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await Skills(self.helpdesk).delete(try request.id(), by: request.principal)
        return .noContent
    }
}
