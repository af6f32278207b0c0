import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// Admin → SLA (administrators): business hours and SLA policies — `BusinessHoursSettings` and `SLAPolicies`, as
/// `/api/v2/business_hours` and `/api/v2/sla_policies`. Hours are typed a day per line ("9:00 am - 5:00 pm", several
/// slots apart by commas, empty for a day off) and read by the API's own rules; targets are typed as durations
/// ("1h 30m"). Every agent sees a ticket's dates on the ticket; only administrators change how they are set.
extension WebPages {
    static let dayLabels = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let zones = ["UTC"] + TimeZone.knownTimeZoneIdentifiers.filter { ZoneOffsets.isKnown($0) && $0 != "UTC" }.sorted()

    func sla(
        _ request: WebRequest, _ signedIn: SignedIn, error: String? = nil, invalid: Set<String> = [], typed: [String: String]? = nil
    ) async throws -> WebResponse {
        let principal = signedIn.principal
        try principal.require(.manageSLAPolicies)
        let hours = try await BusinessHoursSettings(self.helpdesk).all(by: principal)
        let policies = try await SLAPolicies(self.helpdesk).all(by: principal)
        let groups = try await AgentQueries(self.helpdesk).groups(page: PageRequest(page: 1, perPage: 100), by: principal).items
        let agents = try await AgentQueries(self.helpdesk).list(AgentFilter(), page: PageRequest(page: 1, perPage: 100), by: principal)
            .items
        let groupNames = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let editingHours = request.query["hours"].flatMap { Int64($0) }.flatMap { id in hours.first { $0.id.rawValue == id } }
        let editingPolicy = request.query["policy"].flatMap { Int64($0) }.flatMap { id in policies.first { $0.id.rawValue == id } }
        // What the forms show: what was typed (a refused form), else the record edited, else a new one's defaults.
        let form = typed ?? Self.hoursForm(editingHours).merging(Self.policyForm(editingPolicy)) { a, _ in a }
        let invalidInputs = Set(invalid.map(Self.inputName))
        var values: [String: Any] = [
            "hours": hours.map { h -> [String: Any] in
                [
                    "id": String(h.id.rawValue), "name": h.name, "zone": h.timeZone, "is_default": h.isDefault,
                    "days": (0..<7).compactMap { day in
                        h.week.days[(day + 1) % 7].isEmpty
                            ? nil : "\(Self.dayLabels[(day + 1) % 7].prefix(3)) \(Self.slots(h.week.days[(day + 1) % 7]))"
                    }.joined(separator: " · "),
                    "holidays": h.holidays.map { "\($0.dateText) \($0.name)" }.joined(separator: ", "),
                ]
            },
            "has_hours": !hours.isEmpty,
            "policies": policies.map { p -> [String: Any] in
                [
                    "id": String(p.id.rawValue), "name": p.name, "is_default": p.isDefault, "inactive": !p.active,
                    "applies": Self.applies(p.conditions, groups: groupNames),
                    "targets": TicketPriority.allCases.reversed().compactMap { priority -> [String: Any]? in
                        guard let t = p.targets[priority] else { return nil }
                        return [
                            "priority": priority.displayName, "respond": DurationText.format(t.respondWithin),
                            "resolve": DurationText.format(t.resolveWithin), "next": t.nextRespondWithin.map(DurationText.format) ?? "—",
                            "clock": t.businessHours ? "business hours" : "around the clock",
                        ]
                    },
                ]
            },
            "editing_hours": editingHours != nil, "editing_hours_name": editingHours?.name ?? "",
            "editing_policy": editingPolicy != nil, "editing_policy_name": editingPolicy?.name ?? "",
            "can_be_default": editingPolicy.map(\.isDefault) ?? !policies.contains(where: \.isDefault),
            "zones": Self.zones.map { ["zone": $0, "selected": $0 == (form["time_zone"] ?? "UTC")] },
            "days": (0..<7).map { offset -> [String: Any] in
                let day = (offset + 1) % 7
                let name = "day_\(WorkWeek.dayNames[day])"
                return [
                    "day": WorkWeek.dayNames[day], "label": Self.dayLabels[day], "value": form[name] ?? "",
                    "invalid": invalidInputs.contains(name),
                ]
            },
            "target_rows": TicketPriority.allCases.reversed().map { priority -> [String: Any] in
                let p = "p\(priority.rawValue)"
                return [
                    "key": p, "label": priority.displayName, "respond": form["\(p)_respond"] ?? "", "resolve": form["\(p)_resolve"] ?? "",
                    "next": form["\(p)_next"] ?? "", "business": form["\(p)_business"] == "yes", "escalate": form["\(p)_escalate"] != "no",
                    "invalid_respond": invalidInputs.contains("\(p)_respond"), "invalid_resolve": invalidInputs.contains("\(p)_resolve"),
                    "invalid_next": invalidInputs.contains("\(p)_next"),
                ]
            },
            "group_choices": groups.map { g in
                ["name": "group_\(g.id.rawValue)", "label": g.name, "checked": form["group_\(g.id.rawValue)"] == "yes"]
            },
            "source_choices": TicketSource.allCases.map { s in
                ["name": "source_\(s.rawValue)", "label": s.displayName, "checked": form["source_\(s.rawValue)"] == "yes"]
            },
            "type_choices": TicketTypes.defaults.enumerated().map { index, type in
                ["name": "type_\(index)", "label": type, "checked": form["type_\(index)"] == "yes"]
            },
            "agent_choices":
                ([(SLAEscalation.assignedAgent, "The ticket's agent")]
                + agents.map { ($0.profile.contact.id.rawValue, $0.profile.contact.name) })
                .map { id, name -> [String: Any] in
                    [
                        "id": String(id), "label": name, "response": form["response_\(id)"] == "yes",
                        "resolution": form["resolution_\(id)"] == "yes",
                    ]
                },
        ]
        for (key, value) in form { values["f_\(key)"] = value }
        for name in invalidInputs { values["invalid_\(name)"] = true }
        return self.render("sla", request, current: "/admin/sla", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    func slaAction(_ request: WebRequest, _ signedIn: SignedIn, _ action: String) async throws -> WebResponse {
        let principal = signedIn.principal
        let back = request.showing("/admin/sla")
        let typed = request.form.values
        do {
            switch action {
            case "hours":
                let changes = try Self.businessHoursChanges(request.form)
                if let id = request.form["id"].flatMap({ Int64($0) }) {
                    _ = try await BusinessHoursSettings(self.helpdesk).update(BusinessHoursID(id), changes, by: principal)
                } else {
                    _ = try await BusinessHoursSettings(self.helpdesk).create(changes, by: principal)
                }
            case "hours-delete":
                guard let id = request.form["id"].flatMap({ Int64($0) }) else { return .redirect(request.site.prefix + "/admin/sla") }
                try await BusinessHoursSettings(self.helpdesk).delete(BusinessHoursID(id), by: principal)
            case "policy":
                var changes = try Self.slaPolicyChanges(request.form)
                if let id = request.form["id"].flatMap({ Int64($0) }) {
                    changes.isDefault = nil
                    // What the form does not show (company conditions, resolution levels after the first, set through
                    // the API) is kept, never dropped by a save here.
                    let existing = try await SLAPolicies(self.helpdesk).find(SLAPolicyID(id), by: principal)
                    changes.conditions?.companyIDs = existing.conditions.companyIDs
                    if changes.escalation?.resolution.isEmpty == false {
                        changes.escalation?.resolution += existing.escalation.resolution.dropFirst()
                    }
                    _ = try await SLAPolicies(self.helpdesk).update(SLAPolicyID(id), changes, by: principal)
                } else {
                    _ = try await SLAPolicies(self.helpdesk).create(changes, by: principal)
                }
            case "policy-delete":
                guard let id = request.form["id"].flatMap({ Int64($0) }) else { return .redirect(request.site.prefix + "/admin/sla") }
                try await SLAPolicies(self.helpdesk).delete(SLAPolicyID(id), by: principal)
            default:
                return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
            }
        } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
            // Both forms have a name: the one sent is the one marked.
            let fields = problems.map { $0.field == "name" ? (action.hasPrefix("hours") ? "hours_name" : "policy_name") : $0.field }
            return try await self.sla(back, signedIn, error: Self.describe(problems), invalid: Set(fields), typed: typed)
        } catch HavenError.notFound {
            return .redirect(request.site.prefix + "/admin/sla")
        }
        return .redirect(request.site.prefix + "/admin/sla?notice=done")
    }

    /// "9:00 am–5:00 pm, 1:00 pm–5:00 pm".
    static func slots(_ slots: [WorkingSlot]) -> String {
        slots.map { "\(ClockTime.format($0.start))–\(ClockTime.format($0.end))" }.joined(separator: ", ")
    }

    static func applies(_ c: SLAConditions, groups: [GroupID: String]) -> String {
        var parts: [String] = []
        if !c.groupIDs.isEmpty { parts.append("groups " + c.groupIDs.map { groups[$0] ?? "#\($0)" }.joined(separator: ", ")) }
        if !c.companyIDs.isEmpty { parts.append("companies " + c.companyIDs.map { "#\($0)" }.joined(separator: ", ")) }
        if !c.sources.isEmpty { parts.append("sources " + c.sources.map(\.displayName).joined(separator: ", ")) }
        if !c.ticketTypes.isEmpty { parts.append("types " + c.ticketTypes.joined(separator: ", ")) }
        return parts.isEmpty ? "every ticket no other policy covers" : parts.joined(separator: "; ")
    }

    /// The form field an API field is typed in (`sla_target.priority_4.respond_within` → `p4_respond`).
    static func inputName(_ field: String) -> String {
        if field.hasPrefix("business_hours.") {
            let day = field.split(separator: ".").dropFirst().first?.split(separator: "[").first.map(String.init) ?? ""
            return "day_" + day
        }
        if field.hasPrefix("sla_target.priority_") {
            let parts = field.split(separator: ".")
            let priority = parts[1].dropFirst("priority_".count)
            let kind = parts.count > 2 ? String(parts[2]) : "respond_within"
            return "p\(priority)_" + (kind.hasPrefix("next") ? "next" : kind.hasPrefix("resolve") ? "resolve" : "respond")
        }
        if field.hasPrefix("holidays") { return "holidays" }
        if field.hasPrefix("escalation") { return "escalation" }
        return field
    }

    static func hoursForm(_ hours: BusinessHours?) -> [String: String] {
        var form = [
            "time_zone": hours?.timeZone ?? "UTC", "hours_name": hours?.name ?? "", "hours_id": hours.map { String($0.id.rawValue) } ?? "",
        ]
        for (index, day) in WorkWeek.dayNames.enumerated() {
            let slots = hours?.week.days[index] ?? ((1...5).contains(index) ? [WorkingSlot(start: 540, end: 1020)] : [])
            form["day_\(day)"] = slots.map { "\(ClockTime.format($0.start)) - \(ClockTime.format($0.end))" }.joined(separator: ", ")
        }
        form["holidays"] = hours?.holidays.map { "\($0.dateText) \($0.name)" }.joined(separator: "\n") ?? ""
        if hours?.isDefault == true { form["is_default"] = "yes" }
        return form
    }

    static func policyForm(_ policy: SLAPolicy?) -> [String: String] {
        var form = [
            "policy_name": policy?.name ?? "", "description": policy?.description ?? "",
            "policy_id": policy.map { String($0.id.rawValue) } ?? "",
        ]
        let defaults: [TicketPriority: (Int64, Int64)] = [
            .urgent: (900, 3600), .high: (3600, 14_400), .medium: (14_400, 86_400), .low: (28_800, 172_800),
        ]
        for priority in TicketPriority.allCases {
            let p = "p\(priority.rawValue)"
            let target = policy?.targets[priority]
            form["\(p)_respond"] = DurationText.format(target?.respondWithin ?? defaults[priority]!.0)
            form["\(p)_resolve"] = DurationText.format(target?.resolveWithin ?? defaults[priority]!.1)
            form["\(p)_next"] = target?.nextRespondWithin.map(DurationText.format) ?? ""
            if target?.businessHours == true { form["\(p)_business"] = "yes" }
            if target?.escalationEnabled == false { form["\(p)_escalate"] = "no" }
        }
        for group in policy?.conditions.groupIDs ?? [] { form["group_\(group.rawValue)"] = "yes" }
        if let companies = policy?.conditions.companyIDs, !companies.isEmpty {
            form["companies"] = companies.map { "#\($0)" }.joined(separator: ", ")
        }
        for source in policy?.conditions.sources ?? [] { form["source_\(source.rawValue)"] = "yes" }
        for (index, type) in TicketTypes.defaults.enumerated() where policy?.conditions.ticketTypes.contains(type) == true {
            form["type_\(index)"] = "yes"
        }
        for agent in policy?.escalation.response?.agentIDs ?? [] { form["response_\(agent)"] = "yes" }
        for agent in policy?.escalation.resolution.first?.agentIDs ?? [] { form["resolution_\(agent)"] = "yes" }
        form["resolution_after"] = policy?.escalation.resolution.first.map { $0.after == 0 ? "" : DurationText.format($0.after) } ?? ""
        if policy?.isDefault == true { form["policy_default"] = "yes" }
        return form
    }

    /// The hours form read through the API's own rules (`BusinessHoursCoding`), so its errors are the API's.
    static func businessHoursChanges(_ form: FormBody) throws -> BusinessHoursSettings.Changes {
        var week = JSONObject()
        var problems: [FieldError] = []
        for day in WorkWeek.dayNames {
            guard let text = form.text("day_\(day)") else { continue }
            var slots: [JSONValue] = []
            for slot in text.split(separator: ",") {
                let ends = slot.split(separator: "-", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard ends.count == 2 else {
                    problems.append(.invalid("business_hours.\(day)", "Type each slot as '9:00 am - 5:00 pm'"))
                    break
                }
                slots.append(.object(["start_time": .string(ends[0]), "end_time": .string(ends[1])]))
            }
            week.append(day, slots.count == 1 ? slots[0] : .array(slots))
        }
        var holidays: [JSONValue] = []
        for line in (form["holidays"] ?? "").split(whereSeparator: \.isNewline) {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard let date = parts.first else { continue }
            holidays.append(.object(["date": .string(String(date)), "name": .string(parts.count > 1 ? String(parts[1]) : "")]))
        }
        var changes = BusinessHoursSettings.Changes()
        changes.name = form["hours_name"] ?? ""
        changes.timeZone = form["time_zone"] ?? ""
        changes.week = BusinessHoursCoding.readWeek(.object(week), path: "business_hours", errors: &problems)
        changes.holidays = BusinessHoursCoding.readHolidays(.array(holidays), path: "holidays", errors: &problems)
        if form["is_default"] == "yes" { changes.isDefault = true }
        if !problems.isEmpty { throw HavenError.validation(problems) }
        return changes
    }

    static func slaPolicyChanges(_ form: FormBody) throws -> SLAPolicies.Changes {
        var problems: [FieldError] = []
        var targets: [TicketPriority: SLATarget] = [:]
        for priority in TicketPriority.allCases {
            let p = "p\(priority.rawValue)"
            let key = "sla_target.\(SLAPolicyCoding.targetKey(priority))"
            func duration(_ suffix: String, _ field: String, required: Bool) -> Int64? {
                guard let text = form.text("\(p)_\(suffix)") else {
                    if required { problems.append(.missing("\(key).\(field)")) }
                    return nil
                }
                guard let seconds = DurationText.parse(text) else {
                    problems.append(.invalid("\(key).\(field)", "Type a duration such as '45m', '4h' or '1d 4h'"))
                    return nil
                }
                return seconds
            }
            let respond = duration("respond", "respond_within", required: true)
            let resolve = duration("resolve", "resolve_within", required: true)
            let next = duration("next", "next_respond_within", required: false)
            if let respond, let resolve {
                targets[priority] = SLATarget(
                    respondWithin: respond, resolveWithin: resolve, nextRespondWithin: next, businessHours: form["\(p)_business"] == "yes",
                    escalationEnabled: form["\(p)_escalate"] != "no")
            }
        }
        // The typed targets through the API's own checks (ranges, resolution after response).
        _ = SLAPolicyCoding.readTargets(SLAPolicyCoding.targets(targets), path: "sla_target", errors: &problems)
        var conditions = SLAConditions()
        let names = form.values.keys
        conditions.groupIDs = names.filter { $0.hasPrefix("group_") && form[$0] == "yes" }.compactMap { Int64($0.dropFirst(6)) }.sorted()
            .map(GroupID.init)
        conditions.sources = TicketSource.allCases.filter { form["source_\($0.rawValue)"] == "yes" }
        conditions.ticketTypes = TicketTypes.defaults.enumerated().filter { form["type_\($0.offset)"] == "yes" }.map(\.element)
        func agents(_ prefix: String) -> [Int64] {
            names.filter { $0.hasPrefix(prefix) && form[$0] == "yes" }.compactMap { Int64($0.dropFirst(prefix.count)) }.sorted()
        }
        var escalation = SLAEscalation()
        let response = agents("response_")
        if !response.isEmpty { escalation.response = SLAEscalationStep(after: 0, agentIDs: response) }
        let resolution = agents("resolution_")
        var after: Int64 = 0
        if let text = form.text("resolution_after") {
            if let seconds = DurationText.parse(text) {
                after = seconds
            } else {
                problems.append(.invalid("escalation", "Type when to tell them as a duration such as '30m'"))
            }
        }
        if !resolution.isEmpty { escalation.resolution = [SLAEscalationStep(after: after, agentIDs: resolution)] }
        if !problems.isEmpty { throw HavenError.validation(problems) }
        var changes = SLAPolicies.Changes()
        changes.name = form["policy_name"] ?? ""
        changes.description = .some(form.text("description"))
        changes.targets = targets
        changes.conditions = conditions
        changes.escalation = escalation
        changes.isDefault = form["policy_default"] == "yes"
        return changes
    }
}
