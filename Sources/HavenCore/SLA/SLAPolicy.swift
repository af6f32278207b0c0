public enum SLAPolicyKind {}
public typealias SLAPolicyID = Identifier<SLAPolicyKind>

/// A service-level policy (Freshdesk's `sla_policies`): targets per priority for a ticket matching its conditions.
/// Policies are tried in `position` order; the default policy (no conditions) applies when none other matches.
public struct SLAPolicy: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: SLAPolicyID
    public var name: String
    public var description: String?
    public var active = true
    public var isDefault = false
    public var position: Int64
    public var targets: [TicketPriority: SLATarget]
    public var conditions = SLAConditions()
    public var escalation = SLAEscalation()
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        tenantID: TenantID, id: SLAPolicyID, name: String, position: Int64, targets: [TicketPriority: SLATarget], at now: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.position = position
        self.targets = targets
        self.createdAt = now
        self.updatedAt = now
    }

    /// Whether the policy covers `ticket`: every condition given holds (within one, any listed value will do).
    public func applies(to ticket: Ticket) -> Bool {
        guard self.active else { return false }
        if self.isDefault { return true }
        let c = self.conditions
        guard !c.isEmpty else { return false }
        if !c.groupIDs.isEmpty, !(ticket.groupID.map(c.groupIDs.contains) ?? false) { return false }
        if !c.companyIDs.isEmpty, !(ticket.companyID.map(c.companyIDs.contains) ?? false) { return false }
        if !c.sources.isEmpty, !c.sources.contains(ticket.source) { return false }
        if !c.ticketTypes.isEmpty, !(ticket.type.map(c.ticketTypes.contains) ?? false) { return false }
        return true
    }
}

/// The targets for one priority, in seconds: first response, every later response, resolution.
public struct SLATarget: Sendable, Equatable {
    public var respondWithin: Int64
    public var resolveWithin: Int64
    /// The "every response" target: how soon a customer's reply after an agent's must be answered; nil: none.
    public var nextRespondWithin: Int64?
    /// Counted in the ticket's business hours (else around the clock).
    public var businessHours: Bool
    /// Whether passing a target notifies the policy's escalation agents (the ticket is flagged either way).
    public var escalationEnabled: Bool

    public init(
        respondWithin: Int64, resolveWithin: Int64, nextRespondWithin: Int64? = nil, businessHours: Bool = false,
        escalationEnabled: Bool = true
    ) {
        self.respondWithin = respondWithin
        self.resolveWithin = resolveWithin
        self.nextRespondWithin = nextRespondWithin
        self.businessHours = businessHours
        self.escalationEnabled = escalationEnabled
    }

    /// Freshdesk's shortest target is 15 minutes and its longest a year.
    public static let shortest: Int64 = 900
    public static let longest: Int64 = 31_536_000
}

/// Which tickets a policy covers (Freshdesk's `applicable_to`).
public struct SLAConditions: Sendable, Equatable {
    public var groupIDs: [GroupID] = []
    public var companyIDs: [CompanyID] = []
    public var sources: [TicketSource] = []
    public var ticketTypes: [String] = []

    public init() {}

    public var isEmpty: Bool { self.groupIDs.isEmpty && self.companyIDs.isEmpty && self.sources.isEmpty && self.ticketTypes.isEmpty }
}

/// Who is told when a target passes, and how long after (Freshdesk's `escalation`): one step for the first
/// response, up to four levels for resolution. An agent id of -1 means the ticket's assigned agent.
public struct SLAEscalation: Sendable, Equatable {
    public var response: SLAEscalationStep?
    public var resolution: [SLAEscalationStep] = []

    public init(response: SLAEscalationStep? = nil, resolution: [SLAEscalationStep] = []) {
        self.response = response
        self.resolution = resolution
    }

    public static let assignedAgent: Int64 = -1
}

public struct SLAEscalationStep: Sendable, Equatable {
    /// Seconds after the target passed.
    public var after: Int64
    public var agentIDs: [Int64]

    public init(after: Int64, agentIDs: [Int64]) {
        self.after = after
        self.agentIDs = agentIDs
    }
}
