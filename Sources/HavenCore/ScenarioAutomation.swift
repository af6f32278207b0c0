public enum ScenarioKind {}
public typealias ScenarioID = Identifier<ScenarioKind>

/// A scenario automation (Freshdesk's `scenario_automations`): a named set of actions an agent runs on a ticket in
/// one step ("Refund issued": resolve it, tag it, note what was done).
public struct ScenarioAutomation: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: ScenarioID
    public var name: String
    public var description: String?
    public var actions: [ScenarioAction]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: ScenarioID, name: String, actions: [ScenarioAction], at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.actions = actions
        self.createdAt = now
        self.updatedAt = now
    }
}

/// One thing a scenario does, in Freshdesk's `{"name": …, "value": …}` form.
public enum ScenarioAction: Sendable, Equatable {
    case status(TicketStatus)
    case priority(TicketPriority)
    case type(String)
    case group(GroupID?)
    case agent(UserID?)
    case addTags([String])
    case addNote(String)

    public static let names = ["status", "priority", "ticket_type", "group_id", "responder_id", "add_tag", "add_note"]

    public var json: JSONValue {
        let (name, value): (String, JSONValue) =
            switch self {
            case .status(let s): ("status", .int(s.rawValue))
            case .priority(let p): ("priority", .int(p.rawValue))
            case .type(let t): ("ticket_type", .string(t))
            case .group(let g): ("group_id", g.map { .id($0) } ?? .null)
            case .agent(let a): ("responder_id", a.map { .id($0) } ?? .null)
            case .addTags(let tags): ("add_tag", .string(tags.joined(separator: ",")))
            case .addNote(let html): ("add_note", .string(html))
            }
        return .object(["name": .string(name), "value": value])
    }

    /// Reads `[{"name": …, "value": …}]`, naming each problem by its position (`actions[2].value`); each kind of
    /// action at most once, at least one action.
    public static func read(_ value: JSONValue, errors: inout [FieldError]) -> [ScenarioAction] {
        guard let items = value.arrayValue, !items.isEmpty, items.count <= 20 else {
            errors.append(.invalid("actions", "It should be a list of 1 to 20 actions like {\"name\": \"status\", \"value\": 4}"))
            return []
        }
        var actions: [ScenarioAction] = []
        var seen = Set<String>()
        for (index, item) in items.enumerated() {
            let path = "actions[\(index)]"
            guard let object = item.objectValue, let name = object["name"]?.stringValue, ScenarioAction.names.contains(name),
                Set(object.keys).isSubset(of: ["name", "value"])
            else {
                errors.append(.notOneOf("\(path).name", ScenarioAction.names))
                continue
            }
            guard seen.insert(name).inserted else {
                errors.append(.invalid("\(path).name", "\(name) is given twice"))
                continue
            }
            let value = object["value"] ?? .null
            let action: ScenarioAction?
            switch name {
            case "status": action = value.intValue.flatMap(TicketStatus.init(rawValue:)).map(ScenarioAction.status)
            case "priority": action = value.intValue.flatMap(TicketPriority.init(rawValue:)).map(ScenarioAction.priority)
            case "ticket_type": action = value.stringValue.flatMap { $0.isEmpty || $0.count > 255 ? nil : ScenarioAction.type($0) }
            case "group_id": action = value.isNull ? .group(nil) : value.intValue.flatMap { $0 > 0 ? .group(GroupID($0)) : nil }
            case "responder_id": action = value.isNull ? .agent(nil) : value.intValue.flatMap { $0 > 0 ? .agent(UserID($0)) : nil }
            case "add_tag":
                let tags = (value.stringValue ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
                action = tags.isEmpty || tags.contains(where: { $0.count > 32 }) ? nil : .addTags(tags)
            default:
                let html = value.stringValue ?? ""
                action = html.trimmingWhitespace().isEmpty || html.utf8.count > 65_535 ? nil : .addNote(html)
            }
            guard let action else {
                errors.append(.invalid("\(path).value", Self.expected[name] ?? "It is not a value this action takes"))
                continue
            }
            actions.append(action)
        }
        return actions
    }

    static let expected = [
        "status": "It should be a status: \(TicketStatus.allowedValues.joined(separator: ", "))",
        "priority": "It should be a priority: \(TicketPriority.allowedValues.joined(separator: ", "))",
        "ticket_type": "It should be a ticket type's name",
        "group_id": "It should be a group's id, or null to unassign",
        "responder_id": "It should be an agent's id, or null to unassign",
        "add_tag": "It should be tags apart by commas, each at most 32 characters",
        "add_note": "It should be the note's text (HTML), at most 65,535 bytes",
    ]
}
