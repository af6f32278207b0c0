import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/business_hours` and `/sla_policies` in Freshdesk's shapes. Freshdesk's API lists and shows business hours and
/// lists, creates and updates SLA policies; Haven also creates, updates and deletes business hours and shows and
/// deletes one policy, so a team can set them up without a console. Lists are not paginated (a tenant has a
/// handful); `page` and `per_page` are accepted and ignored, as connectors send them everywhere.
struct SLAController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/business_hours", .readHelpdesk, handler: self.listHours),
            Route(.get, "/business_hours/:id", .readHelpdesk, handler: self.viewHours),
            Route(.post, "/business_hours", .manageSLAPolicies, body: .json, handler: self.createHours),
            Route(.put, "/business_hours/:id", .manageSLAPolicies, body: .json, handler: self.updateHours),
            Route(.delete, "/business_hours/:id", .manageSLAPolicies, handler: self.deleteHours),
            Route(.get, "/sla_policies", .readHelpdesk, handler: self.listPolicies),
            Route(.get, "/sla_policies/:id", .readHelpdesk, handler: self.viewPolicy),
            Route(.post, "/sla_policies", .manageSLAPolicies, body: .json, handler: self.createPolicy),
            Route(.put, "/sla_policies/:id", .manageSLAPolicies, body: .json, handler: self.updatePolicy),
            Route(.delete, "/sla_policies/:id", .manageSLAPolicies, handler: self.deletePolicy),
        ]
    }

    static func hours(_ h: BusinessHours) -> JSONObject {
        [
            "id": .id(h.id), "name": .string(h.name), "description": h.description.map(JSONValue.string) ?? .null,
            "is_default": .bool(h.isDefault), "time_zone": .string(h.timeZone), "business_hours": BusinessHoursCoding.week(h.week),
            "holidays": BusinessHoursCoding.holidays(h.holidays), "created_at": .timestamp(h.createdAt),
            "updated_at": .timestamp(h.updatedAt),
        ]
    }

    static func policy(_ p: SLAPolicy) -> JSONObject {
        [
            "id": .id(p.id), "name": .string(p.name), "description": p.description.map(JSONValue.string) ?? .null,
            "active": .bool(p.active), "is_default": .bool(p.isDefault), "position": .int(p.position),
            "sla_target": SLAPolicyCoding.targets(p.targets), "applicable_to": SLAPolicyCoding.conditions(p.conditions),
            "escalation": SLAPolicyCoding.escalation(p.escalation), "created_at": .timestamp(p.createdAt),
            "updated_at": .timestamp(p.updatedAt),
        ]
    }

    @Sendable func listHours(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let all = try await BusinessHoursSettings(self.helpdesk).all(by: request.principal)
        return .ok(.array(all.map { .object(Self.hours($0)) }))
    }

    @Sendable func viewHours(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.hours(try await BusinessHoursSettings(self.helpdesk).find(try request.id(), by: request.principal))))
    }

    static func hoursChanges(_ request: APIRequest) throws -> BusinessHoursSettings.Changes {
        var fields = BodyFields(request.object, allowed: ["name", "description", "time_zone", "business_hours", "holidays", "is_default"])
        var changes = BusinessHoursSettings.Changes()
        changes.name = fields.nonNullString("name")
        changes.description = fields.string("description", maxLength: 1000)
        changes.timeZone = fields.nonNullString("time_zone", maxLength: 64)
        changes.isDefault = fields.boolean("is_default")
        var nested: [FieldError] = []
        if let week = request.object["business_hours"] {
            changes.week = BusinessHoursCoding.readWeek(week, path: "business_hours", errors: &nested)
        }
        if let holidays = request.object["holidays"] {
            changes.holidays = BusinessHoursCoding.readHolidays(holidays, path: "holidays", errors: &nested)
        }
        for error in nested { fields.fail(error) }
        try fields.finish()
        return changes
    }

    @Sendable func createHours(_ request: APIRequest) async throws -> APIResponse {
        let hours = try await BusinessHoursSettings(self.helpdesk).create(try Self.hoursChanges(request), by: request.principal)
        return .created(.object(Self.hours(hours)), location: "\(request.baseURL)/api/v2/business_hours/\(hours.id)")
    }

    @Sendable func updateHours(_ request: APIRequest) async throws -> APIResponse {
        let hours = try await BusinessHoursSettings(self.helpdesk).update(
            try request.id(), try Self.hoursChanges(request), by: request.principal)
        return .ok(.object(Self.hours(hours)))
    }

    @Sendable func deleteHours(_ request: APIRequest) async throws -> APIResponse {
        try await BusinessHoursSettings(self.helpdesk).delete(try request.id(), by: request.principal)
        return .noContent
    }

    @Sendable func listPolicies(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let all = try await SLAPolicies(self.helpdesk).all(by: request.principal)
        return .ok(.array(all.map { .object(Self.policy($0)) }))
    }

    @Sendable func viewPolicy(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.policy(try await SLAPolicies(self.helpdesk).find(try request.id(), by: request.principal))))
    }

    static func policyChanges(_ request: APIRequest) throws -> SLAPolicies.Changes {
        var fields = BodyFields(
            request.object,
            allowed: ["name", "description", "active", "is_default", "position", "sla_target", "applicable_to", "escalation"])
        var changes = SLAPolicies.Changes()
        changes.name = fields.nonNullString("name")
        changes.description = fields.string("description", maxLength: 1000)
        changes.active = fields.boolean("active")
        changes.isDefault = fields.boolean("is_default")
        changes.position = fields.nonNullInteger("position")
        var nested: [FieldError] = []
        if let targets = request.object["sla_target"] {
            changes.targets = SLAPolicyCoding.readTargets(targets, path: "sla_target", errors: &nested)
        }
        if let conditions = request.object["applicable_to"] {
            changes.conditions = SLAPolicyCoding.readConditions(conditions, path: "applicable_to", errors: &nested)
        }
        if let escalation = request.object["escalation"] {
            changes.escalation = SLAPolicyCoding.readEscalation(escalation, path: "escalation", errors: &nested)
        }
        for error in nested { fields.fail(error) }
        try fields.finish()
        return changes
    }

    @Sendable func createPolicy(_ request: APIRequest) async throws -> APIResponse {
        let policy = try await SLAPolicies(self.helpdesk).create(try Self.policyChanges(request), by: request.principal)
        return .created(.object(Self.policy(policy)), location: "\(request.baseURL)/api/v2/sla_policies/\(policy.id)")
    }

    @Sendable func updatePolicy(_ request: APIRequest) async throws -> APIResponse {
        let policy = try await SLAPolicies(self.helpdesk).update(try request.id(), try Self.policyChanges(request), by: request.principal)
        return .ok(.object(Self.policy(policy)))
    }

    @Sendable func deletePolicy(_ request: APIRequest) async throws -> APIResponse {
        try await SLAPolicies(self.helpdesk).delete(try request.id(), by: request.principal)
        return .noContent
    }
}
