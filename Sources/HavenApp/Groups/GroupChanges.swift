public import HavenCore
import HavenStore

/// The group fields a create or update may set, already checked for shape by the channel that read them.
public struct GroupChanges: Sendable {
    public var name: String?
    public var description: String??
    public var agentIDs: [UserID]?
    public var autoTicketAssign: Int64?
    public var escalateTo: UserID??
    public var unassignedFor: String??
    public var businessHourID: Int64??

    public init() {}

    /// Checks the agents named and the name's uniqueness, then applies the changes. `fieldErrors` (the channel's own
    /// findings) are reported together with the agent checks; a name clash is a conflict of its own.
    func apply(to group: inout AgentGroup, fieldErrors: [FieldError], store: Store, on sql: SQLExecutor) async throws {
        var errors = fieldErrors
        if let value = self.unassignedFor ?? nil, !AgentGroup.unassignedForValues.contains(value) {
            errors.add(.notOneOf("unassigned_for", AgentGroup.unassignedForValues))
        }
        for agent in (self.agentIDs ?? []) + [self.escalateTo ?? nil].compactMap({ $0 })
        where try await !store.agents.exists(group.tenantID, agent, on: sql) {
            errors.add(.invalid(self.agentIDs?.contains(agent) == true ? "agent_ids" : "escalate_to", "There is no agent with id \(agent)"))
        }
        if let hours = self.businessHourID ?? nil,
            try await store.sla.businessHours(group.tenantID, BusinessHoursID(hours), on: sql) == nil
        {
            errors.add(.invalid("business_hour_id", "There are no business hours with id \(hours)"))
        }
        if let name = self.name?.trimmingWhitespace(), let existing = try await store.groups.id(named: name, group.tenantID, on: sql),
            existing != group.id
        {
            throw HavenError.conflict([FieldError(field: "name", message: "It should be a unique value", code: .duplicateValue)])
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        if let name = self.name { group.name = name.trimmingWhitespace() }
        if let description = self.description { group.description = description }
        if let agentIDs = self.agentIDs { group.agentIDs = agentIDs }
        if let autoAssign = self.autoTicketAssign { group.autoTicketAssign = autoAssign }
        if let escalateTo = self.escalateTo { group.escalateTo = escalateTo }
        if let unassignedFor = self.unassignedFor { group.unassignedFor = unassignedFor }
        if let businessHour = self.businessHourID { group.businessHourID = businessHour }
    }
}
