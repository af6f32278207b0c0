public import HavenCore
import HavenStore

/// The tenant's SLA policies (Freshdesk's `sla_policies`): every agent reads them, administrators write them. One
/// default policy (no conditions, tried last) at most; every other policy has conditions, each naming records of
/// this tenant. Targets in business hours need business hours to exist. Changes apply to tickets from their next
/// change on (as in Freshdesk): due dates already set stay. One transaction with its audit entry each.
public struct SLAPolicies: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a create or update may set (nil: unchanged); the nested parts already read (`SLAPolicyCoding`).
    public struct Changes: Sendable {
        public var name: String?
        public var description: String??
        public var active: Bool?
        public var isDefault: Bool?
        public var position: Int64?
        public var targets: [TicketPriority: SLATarget]?
        public var conditions: SLAConditions?
        public var escalation: SLAEscalation?

        public init() {}
    }

    public func all(by principal: Principal) async throws -> [SLAPolicy] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.sla.policies(principal.tenant, on: sql)
        }
    }

    public func find(_ id: SLAPolicyID, by principal: Principal) async throws -> SLAPolicy {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let policy = try await store.sla.policy(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return policy
        }
    }

    public func create(_ changes: Changes, by principal: Principal) async throws -> SLAPolicy {
        var errors = Self.problems(changes)
        if changes.name == nil { errors.append(.missing("name")) }
        if changes.targets == nil { errors.append(.missing("sla_target")) }
        if changes.isDefault != true, changes.conditions?.isEmpty ?? true {
            errors.append(.missing("applicable_to"))
        }
        if changes.isDefault == true, changes.conditions.map({ !$0.isEmpty }) ?? false {
            errors.append(.invalid("applicable_to", "The default policy covers every ticket no other policy covers: it has no conditions"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSLAPolicies) { change in
            let name = changes.name!.trimmingWhitespace()
            try await Self.checkUnique(name, except: nil, store: store, change: change)
            let existing = try await store.sla.policies(change.tenant, on: change.sql)
            if changes.isDefault == true, let current = existing.first(where: \.isDefault) {
                throw HavenError.conflict([
                    FieldError(
                        field: "is_default", message: "There is a default policy already", code: .duplicateValue,
                        additionalInfo: ["id": current.id.rawValue])
                ])
            }
            let position = changes.position ?? ((existing.filter { !$0.isDefault }.map(\.position).max() ?? 0) + 1)
            var policy = SLAPolicy(
                tenantID: change.tenant, id: SLAPolicyID(try await IDSequences.next("sla_policies", on: change.sql)), name: name,
                position: position, targets: changes.targets!, at: change.now)
            policy.description = changes.description ?? nil
            policy.active = changes.active ?? true
            policy.isDefault = changes.isDefault ?? false
            policy.conditions = changes.conditions ?? SLAConditions()
            policy.escalation = changes.escalation ?? SLAEscalation()
            try await self.checkReferences(policy, change: change)
            try await store.sla.insert(policy, on: change.sql)
            try await change.record(
                .slaPolicyCreated, .slaPolicy(policy.id), details: ["name": .string(name), "is_default": .bool(policy.isDefault)])
            return policy
        }
    }

    public func update(_ id: SLAPolicyID, _ changes: Changes, by principal: Principal) async throws -> SLAPolicy {
        let errors = Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSLAPolicies) { change in
            guard var policy = try await store.sla.policy(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            if let isDefault = changes.isDefault, isDefault != policy.isDefault {
                throw HavenError.validation([.invalid("is_default", "It is set when a policy is created and cannot change")])
            }
            var changed: [String] = []
            if let name = changes.name?.trimmingWhitespace(), name != policy.name {
                try await Self.checkUnique(name, except: id, store: store, change: change)
                (policy.name, changed) = (name, changed + ["name"])
            }
            if let description = changes.description, description != policy.description {
                (policy.description, changed) = (description, changed + ["description"])
            }
            if let active = changes.active, active != policy.active {
                if policy.isDefault && !active {
                    throw HavenError.validation([.invalid("active", "The default policy is always active")])
                }
                (policy.active, changed) = (active, changed + ["active"])
            }
            if let position = changes.position, position != policy.position {
                (policy.position, changed) = (position, changed + ["position"])
            }
            if let targets = changes.targets, targets != policy.targets { (policy.targets, changed) = (targets, changed + ["sla_target"]) }
            if let conditions = changes.conditions, conditions != policy.conditions {
                if policy.isDefault && !conditions.isEmpty {
                    throw HavenError.validation([.invalid("applicable_to", "The default policy has no conditions")])
                }
                if !policy.isDefault && conditions.isEmpty {
                    throw HavenError.validation([.invalid("applicable_to", "A policy other than the default needs a condition")])
                }
                (policy.conditions, changed) = (conditions, changed + ["applicable_to"])
            }
            if let escalation = changes.escalation, escalation != policy.escalation {
                (policy.escalation, changed) = (escalation, changed + ["escalation"])
            }
            try await self.checkReferences(policy, change: change)
            policy.updatedAt = change.now
            try await store.sla.update(policy, on: change.sql)
            try await change.record(.slaPolicyUpdated, .slaPolicy(id), details: ["changed": .strings(changed)])
            return policy
        }
    }

    public func delete(_ id: SLAPolicyID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageSLAPolicies) { change in
            guard let policy = try await store.sla.policy(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            if policy.isDefault {
                throw HavenError.conflict([
                    FieldError(field: "is_default", message: "The default policy cannot be deleted", code: .inconsistentState)
                ])
            }
            try await store.sla.delete(change.tenant, id, on: change.sql)
            try await change.record(.slaPolicyDeleted, .slaPolicy(id), details: ["name": .string(policy.name)])
        }
    }

    static func problems(_ changes: Changes) -> [FieldError] {
        var errors = SettingText.problems(name: changes.name, description: changes.description)
        if let position = changes.position, !(1...10_000).contains(position) {
            errors.append(.invalid("position", "It should be between 1 and 10000"))
        }
        return errors
    }

    static func checkUnique(_ name: String, except: SLAPolicyID?, store: Store, change: Change) async throws {
        if let clash = try await store.sla.nameTaken(name, hours: false, change.tenant, except: except?.rawValue, on: change.sql) {
            throw SettingText.taken(by: clash)
        }
    }

    /// Groups, companies, ticket types and escalation agents named must be this tenant's; targets in business hours
    /// need hours to count in.
    private func checkReferences(_ policy: SLAPolicy, change: Change) async throws {
        let store = self.helpdesk.store
        let tenant = change.tenant
        let sql = change.sql
        var errors: [FieldError] = []
        for group in policy.conditions.groupIDs where try await !store.groups.exists(tenant, group, on: sql) {
            errors.append(.invalid("applicable_to.group_ids", "There is no group \(group)"))
        }
        for company in policy.conditions.companyIDs where try await store.companies.find(tenant, company, on: sql) == nil {
            errors.append(.invalid("applicable_to.company_ids", "There is no company \(company)"))
        }
        if !policy.conditions.ticketTypes.isEmpty {
            let fields = try await store.ticketFields.all(tenant, on: sql)
            let choices = fields.first(where: { $0.name == "ticket_type" })?.choices ?? TicketTypes.defaults
            for type in policy.conditions.ticketTypes where !choices.contains(type) {
                errors.append(.notOneOf("applicable_to.ticket_types", choices))
                break
            }
        }
        let steps =
            [("escalation.response", policy.escalation.response)].compactMap { name, step in step.map { (name, $0) } }
            + policy.escalation.resolution.enumerated().map { ("escalation.resolution.level_\($0.offset + 1)", $0.element) }
        for (name, step) in steps {
            for agent in step.agentIDs where agent != SLAEscalation.assignedAgent {
                if try await !store.agents.exists(tenant, UserID(agent), on: sql) {
                    errors.append(.invalid("\(name).agent_ids", "There is no agent \(agent)"))
                }
            }
        }
        let business = TicketPriority.allCases.filter { policy.targets[$0]?.businessHours == true }
        if !business.isEmpty, try await store.sla.businessHours(tenant, on: sql).isEmpty {
            for priority in business {
                errors.append(
                    .invalid(
                        "sla_target.\(SLAPolicyCoding.targetKey(priority)).business_hours",
                        "There are no business hours to count in: create them first"))
            }
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
    }
}
