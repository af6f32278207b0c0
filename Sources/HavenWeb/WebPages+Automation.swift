import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// Admin → Automation: scenarios (supervisors and administrators), skills that route new tickets and satisfaction
/// surveys (administrators) — `Scenarios`, `Skills` and `Surveys`, as their `/api/v2` routes. Each form writes one
/// record; a panel shows only when the person may change what it holds.
extension WebPages {
    func automation(
        _ request: WebRequest, _ signedIn: SignedIn, error: String? = nil, invalid: Set<String> = [], typed: [String: String] = [:]
    ) async throws -> WebResponse {
        let principal = signedIn.principal
        try principal.require(.manageScenarios)
        let groups = try await AgentQueries(self.helpdesk).groups(page: PageRequest(page: 1, perPage: 100), by: principal).items
        let agents = try await AgentQueries(self.helpdesk).list(AgentFilter(), page: PageRequest(page: 1, perPage: 100), by: principal)
            .items.map { ($0.profile.contact.id, $0.profile.contact.name) }
        let groupNames = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let agentNames = Dictionary(agents, uniquingKeysWith: { a, _ in a })
        let scenarios = try await Scenarios(self.helpdesk).all(by: principal)
        let routing = principal.allows(.manageAgents)
        let skills = routing ? try await Skills(self.helpdesk).all(by: principal) : []
        let surveying = principal.allows(.manageSurveys)
        let surveys = surveying ? try await Surveys(self.helpdesk).all(by: principal) : []
        func choices(_ name: String, _ options: [(String, String)]) -> [[String: Any]] {
            [["value": "", "label": "— no change —", "selected": (typed[name] ?? "").isEmpty]]
                + options.map { ["value": $0.0, "label": $0.1, "selected": typed[name] == $0.0] }
        }
        var values: [String: Any] = [
            "scenarios": scenarios.map { s -> [String: Any] in
                [
                    "id": String(s.id.rawValue), "name": s.name, "description": s.description ?? "",
                    "does": s.actions.map { Self.describe($0, groups: groupNames, agents: agentNames) }.joined(separator: " · "),
                ]
            },
            "statuses": choices("status", TicketStatus.allCases.map { (String($0.rawValue), $0.displayName) }),
            "priorities": choices("priority", TicketPriority.allCases.map { (String($0.rawValue), $0.displayName) }),
            "types": choices("ticket_type", TicketTypes.defaults.map { ($0, $0) }),
            "groups": choices("group_id", groups.map { (String($0.id.rawValue), $0.name) }),
            "agents": choices("responder_id", agents.map { (String($0.0.rawValue), $0.1) }),
            "routing": routing,
            "skills": skills.map { s -> [String: Any] in
                [
                    "id": String(s.id.rawValue), "name": s.name, "rank": String(s.rank),
                    "when": Self.describe(s.conditions, s.matchType, groups: groupNames),
                    "who": s.agentIDs.map { agentNames[$0] ?? "#\($0)" }.joined(separator: ", "),
                ]
            },
            "skill_priorities": TicketPriority.allCases.map {
                ["value": String($0.rawValue), "label": $0.displayName, "checked": typed["skill_priority_\($0.rawValue)"] == "yes"]
            },
            "skill_groups": groups.map {
                ["value": String($0.id.rawValue), "label": $0.name, "checked": typed["skill_group_\($0.id)"] == "yes"]
            },
            "skill_agents": agents.map {
                ["value": String($0.0.rawValue), "label": $0.1, "checked": typed["skill_agent_\($0.0)"] == "yes"]
            },
            "skill_any": typed["match_type"] == "any",
            "surveying": surveying,
            "surveys": surveys.map { s -> [String: Any] in
                [
                    "id": String(s.id.rawValue), "title": s.title, "scale": String(s.scale), "active": s.active,
                    "questions": s.questions.map(\.label).joined(separator: " · "),
                ]
            },
            "scales": [2, 3, 5, 7].map { ["value": String($0), "selected": (typed["scale"] ?? "3") == String($0)] },
        ]
        for name in ["name", "description", "add_tag", "add_note", "skill_name", "skill_types", "title", "questions"] {
            values["typed_\(name)"] = typed[name] ?? ""
        }
        for field in invalid { values["invalid_\(field)"] = true }
        return self.render(
            "automation", request, current: "/admin/automation", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    func automationAction(_ request: WebRequest, _ signedIn: SignedIn, _ action: String) async throws -> WebResponse {
        let principal = signedIn.principal
        let form = request.form
        let home = request.site.prefix + "/admin/automation"
        let id = form["id"].flatMap { Int64($0) }
        do {
            switch action {
            case "scenario":
                var changes = Scenarios.Changes()
                changes.name = form["name"] ?? ""
                changes.description = form.text("description").map { .some($0) } ?? .some(nil)
                changes.actions = try Self.scenarioActions(form)
                _ = try await Scenarios(self.helpdesk).create(changes, by: principal)
            case "scenario-delete":
                if let id { try await Scenarios(self.helpdesk).delete(ScenarioID(id), by: principal) }
            case "skill":
                _ = try await Skills(self.helpdesk).create(Self.skillChanges(form), by: principal)
            case "skill-delete":
                if let id { try await Skills(self.helpdesk).delete(SkillID(id), by: principal) }
            case "survey":
                var changes = Surveys.Changes()
                changes.title = form["title"] ?? ""
                changes.scale = form["scale"].flatMap { Int64($0) }
                changes.questions = (form["questions"] ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }
                    .filter { !$0.isEmpty }
                _ = try await Surveys(self.helpdesk).create(changes, by: principal)
            case "survey-activate":
                if let id {
                    var changes = Surveys.Changes()
                    changes.active = true
                    _ = try await Surveys(self.helpdesk).update(SurveyID(id), changes, by: principal)
                }
            default:
                return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
            }
        } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
            // The skill form's name field has a name of its own on the page.
            let fields = Set(problems.map { action == "skill" && $0.field == "name" ? "skill_name" : $0.field })
            return try await self.automation(
                request.showing("/admin/automation"), signedIn, error: Self.describe(problems), invalid: fields,
                typed: form.values)
        } catch HavenError.notFound {
            return .redirect(home)
        }
        return .redirect(home + "?notice=done")
    }

    /// The scenario form's choices as actions: every field set is one action, in the API's order.
    static func scenarioActions(_ form: FormBody) throws -> [ScenarioAction] {
        var json: [JSONValue] = []
        for name in ["status", "priority", "group_id", "responder_id"] {
            if let value = form.text(name).flatMap({ Int64($0) }) { json.append(["name": .string(name), "value": .int(value)]) }
        }
        if let type = form.text("ticket_type") { json.append(["name": "ticket_type", "value": .string(type)]) }
        if let tags = form.text("add_tag") { json.append(["name": "add_tag", "value": .string(tags)]) }
        if let note = form.text("add_note") { json.append(["name": "add_note", "value": .string(HTMLText.paragraphs(note))]) }
        var errors: [FieldError] = []
        let actions = ScenarioAction.read(.array(json), errors: &errors)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return actions
    }

    /// The skill form: chosen priorities, types (comma-separated) and groups as conditions; chosen agents.
    static func skillChanges(_ form: FormBody) -> Skills.Changes {
        func chosen(_ prefix: String) -> [String] {
            form.values.keys.filter { $0.hasPrefix(prefix) && form[$0] == "yes" }.map { String($0.dropFirst(prefix.count)) }.sorted()
        }
        var conditions: [SkillCondition] = []
        let priorities = chosen("skill_priority_")
        if !priorities.isEmpty { conditions.append(SkillCondition(field: .priority, negated: false, values: priorities)) }
        let types = (form["skill_types"] ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        if !types.isEmpty { conditions.append(SkillCondition(field: .ticketType, negated: false, values: types)) }
        let groups = chosen("skill_group_")
        if !groups.isEmpty { conditions.append(SkillCondition(field: .groupID, negated: false, values: groups)) }
        var changes = Skills.Changes()
        changes.name = form["skill_name"] ?? ""
        changes.matchType = form["match_type"] == "any" ? .any : .all
        changes.conditions = conditions
        changes.agentIDs = chosen("skill_agent_").compactMap { Int64($0) }.map(UserID.init)
        return changes
    }

    static func describe(_ action: ScenarioAction, groups: [GroupID: String], agents: [UserID: String]) -> String {
        switch action {
        case .status(let status): return "status → \(status.displayName)"
        case .priority(let priority): return "priority → \(priority.displayName)"
        case .type(let type): return "type → \(type)"
        case .group(let group): return "group → \(group.map { groups[$0] ?? "#\($0)" } ?? "none")"
        case .agent(let agent): return "agent → \(agent.map { agents[$0] ?? "#\($0)" } ?? "none")"
        case .addTags(let tags): return "tags + \(tags.joined(separator: ", "))"
        case .addNote: return "a private note"
        }
    }

    static func describe(_ conditions: [SkillCondition], _ match: Skill.MatchType, groups: [GroupID: String]) -> String {
        guard !conditions.isEmpty else { return "no ticket (no conditions)" }
        let parts = conditions.map { condition -> String in
            let values =
                switch condition.field {
                case .priority: condition.values.map { Int64($0).flatMap(TicketPriority.init(rawValue:))?.displayName ?? $0 }
                case .groupID: condition.values.map { Int64($0).map { groups[GroupID($0)] ?? "#\($0)" } ?? $0 }
                default: condition.values
                }
            let field = condition.field.rawValue.replacingOccurrences(of: "_id", with: "").replacingOccurrences(of: "_", with: " ")
            return "\(field) \(condition.negated ? "not " : "")\(values.joined(separator: " or "))"
        }
        return parts.joined(separator: match == .all ? " and " : " or ")
    }
}
