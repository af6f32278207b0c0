/// SLA policies' nested members in Freshdesk's shapes (`sla_target`, `applicable_to`, `escalation`): written for the
/// API and the stored columns alike, and read back with every problem named by its path.
public enum SLAPolicyCoding {
    public static func targetKey(_ priority: TicketPriority) -> String { "priority_\(priority.rawValue)" }

    public static func targets(_ targets: [TicketPriority: SLATarget]) -> JSONValue {
        var object = JSONObject()
        for priority in TicketPriority.allCases.reversed() {
            guard let t = targets[priority] else { continue }
            var target: JSONObject = ["respond_within": .int(t.respondWithin), "resolve_within": .int(t.resolveWithin)]
            if let next = t.nextRespondWithin { target.append("next_respond_within", .int(next)) }
            target.append("business_hours", .bool(t.businessHours))
            target.append("escalation_enabled", .bool(t.escalationEnabled))
            object.append(Self.targetKey(priority), .object(target))
        }
        return .object(object)
    }

    public static func conditions(_ c: SLAConditions) -> JSONValue {
        var object = JSONObject()
        if !c.groupIDs.isEmpty { object.append("group_ids", .array(c.groupIDs.map { .int($0.rawValue) })) }
        if !c.companyIDs.isEmpty { object.append("company_ids", .array(c.companyIDs.map { .int($0.rawValue) })) }
        if !c.sources.isEmpty { object.append("sources", .array(c.sources.map { .int($0.rawValue) })) }
        if !c.ticketTypes.isEmpty { object.append("ticket_types", .array(c.ticketTypes.map { .string($0) })) }
        return .object(object)
    }

    public static func escalation(_ e: SLAEscalation) -> JSONValue {
        func step(_ s: SLAEscalationStep) -> JSONValue {
            .object(["escalation_time": .int(s.after), "agent_ids": .array(s.agentIDs.map { .int($0) })])
        }
        var object = JSONObject()
        if let response = e.response { object.append("response", step(response)) }
        if !e.resolution.isEmpty {
            var levels = JSONObject()
            for (index, level) in e.resolution.enumerated() { levels.append("level_\(index + 1)", step(level)) }
            object.append("resolution", .object(levels))
        }
        return .object(object)
    }

    /// Targets for every priority (all four are required, as in Freshdesk): each between 15 minutes and a year,
    /// resolution no sooner than the first response.
    public static func readTargets(_ value: JSONValue, path: String, errors: inout [FieldError]) -> [TicketPriority: SLATarget] {
        var reader = JSONReader(value, path: path, errors: errors)
        reader.only(Set(TicketPriority.allCases.map(Self.targetKey)))
        var targets: [TicketPriority: SLATarget] = [:]
        for priority in TicketPriority.allCases.reversed() {
            let key = Self.targetKey(priority)
            guard let member = reader.object[key] else {
                if value.objectValue != nil { reader.errors.append(.missing(reader.name(key))) }
                continue
            }
            var target = JSONReader(member, path: reader.name(key), errors: reader.errors)
            target.only(["respond_within", "resolve_within", "next_respond_within", "business_hours", "escalation_enabled"])
            let respond = target.int("respond_within", required: true)
            let resolve = target.int("resolve_within", required: true)
            let next = target.int("next_respond_within", required: false)
            for (name, seconds) in [("respond_within", respond), ("resolve_within", resolve), ("next_respond_within", next)] {
                if let seconds, !(SLATarget.shortest...SLATarget.longest).contains(seconds) {
                    target.errors.append(
                        .invalid(target.name(name), "It should be between 900 seconds (15 minutes) and 31536000 seconds (a year)"))
                }
            }
            if let respond, let resolve, resolve < respond {
                target.errors.append(.invalid(target.name("resolve_within"), "It should not be shorter than respond_within"))
            }
            let business = target.bool("business_hours") ?? false
            let escalation = target.bool("escalation_enabled") ?? true
            reader.errors = target.errors
            if let respond, let resolve {
                targets[priority] = SLATarget(
                    respondWithin: respond, resolveWithin: resolve, nextRespondWithin: next, businessHours: business,
                    escalationEnabled: escalation)
            }
        }
        errors = reader.errors
        return targets
    }

    /// Conditions in Freshdesk's `applicable_to` (ids are checked against the tenant by the use case).
    public static func readConditions(_ value: JSONValue, path: String, errors: inout [FieldError]) -> SLAConditions {
        var reader = JSONReader(value, path: path, errors: errors)
        reader.only(["group_ids", "company_ids", "sources", "ticket_types"])
        var c = SLAConditions()
        c.groupIDs = reader.ids("group_ids").map(GroupID.init)
        c.companyIDs = reader.ids("company_ids").map(CompanyID.init)
        for raw in reader.ids("sources") {
            guard let source = TicketSource(rawValue: raw) else {
                reader.errors.append(.notOneOf(reader.name("sources"), TicketSource.allowedValues))
                break
            }
            c.sources.append(source)
        }
        for item in reader.array("ticket_types") ?? [] {
            guard let type = item.stringValue, !type.isEmpty else {
                reader.errors.append(.invalid(reader.name("ticket_types"), "It should contain only ticket type names"))
                break
            }
            if !c.ticketTypes.contains(type) { c.ticketTypes.append(type) }
        }
        errors = reader.errors
        return c
    }

    /// Escalation steps: `response`, and `resolution` with `level_1` … `level_4` given in order. Times from 0 to 30 days.
    public static func readEscalation(_ value: JSONValue, path: String, errors: inout [FieldError]) -> SLAEscalation {
        var reader = JSONReader(value, path: path, errors: errors)
        reader.only(["response", "resolution"])
        func step(_ value: JSONValue, _ path: String) -> SLAEscalationStep? {
            var s = JSONReader(value, path: path, errors: reader.errors)
            s.only(["escalation_time", "agent_ids"])
            let after = s.int("escalation_time", required: false) ?? 0
            if !(0...2_592_000).contains(after) {
                s.errors.append(.invalid(s.name("escalation_time"), "It should be between 0 and 2592000 seconds (30 days)"))
            }
            let agents = s.ids("agent_ids", allowing: [SLAEscalation.assignedAgent])
            if agents.isEmpty, s.object["agent_ids"] == nil { s.errors.append(.missing(s.name("agent_ids"))) }
            reader.errors = s.errors
            return agents.isEmpty ? nil : SLAEscalationStep(after: after, agentIDs: agents)
        }
        var e = SLAEscalation()
        if let response = reader.object["response"], !response.isNull { e.response = step(response, reader.name("response")) }
        if let resolution = reader.object["resolution"], !resolution.isNull {
            var levels = JSONReader(resolution, path: reader.name("resolution"), errors: reader.errors)
            let names = (1...4).map { "level_\($0)" }
            levels.only(Set(names))
            reader.errors = levels.errors
            for (index, name) in names.enumerated() {
                guard let level = levels.object[name] else { continue }
                guard e.resolution.count == index else {
                    reader.errors.append(.invalid(levels.name(name), "Levels should be given in order from level_1"))
                    break
                }
                if let s = step(level, levels.name(name)) { e.resolution.append(s) }
            }
        }
        errors = reader.errors
        return e
    }
}
