/// A skill (Freshdesk's skill-based routing): agents who have it, and the tickets that need it — conditions on a new
/// ticket's fields, all or any of them. A new ticket that arrives without an agent goes to the least-loaded agent of
/// the best-ranked skill it matches (`SkillRouting`).
public struct Skill: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: SkillID
    public var name: String
    /// 1 is tried first.
    public var rank: Int64
    public var matchType: MatchType
    public var conditions: [SkillCondition]
    public var agentIDs: [UserID]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public enum MatchType: String, Sendable, CaseIterable {
        case all
        case any
    }

    public init(
        tenantID: TenantID, id: SkillID, name: String, rank: Int64, matchType: MatchType, conditions: [SkillCondition], agentIDs: [UserID],
        at now: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.rank = rank
        self.matchType = matchType
        self.conditions = conditions
        self.agentIDs = agentIDs
        self.createdAt = now
        self.updatedAt = now
    }

    /// Whether a new ticket needs this skill (a skill without conditions matches none: routing is opt-in).
    public func matches(_ ticket: Ticket) -> Bool {
        guard !self.conditions.isEmpty else { return false }
        switch self.matchType {
        case .all: return self.conditions.allSatisfy { $0.matches(ticket) }
        case .any: return self.conditions.contains { $0.matches(ticket) }
        }
    }
}

/// One condition of a skill, in Freshdesk's shape: `{"resource_type": "ticket", "field_name": "priority",
/// "operator": "in", "value": ["3", "4"]}`. Values are strings, as Freshdesk sends them.
public struct SkillCondition: Sendable, Equatable {
    public var field: Field
    public var negated: Bool
    public var values: [String]

    public enum Field: String, Sendable, CaseIterable {
        case priority
        case source
        case ticketType = "ticket_type"
        case groupID = "group_id"
        case companyID = "company_id"
    }

    public static let operators = ["in", "not_in"]

    public init(field: Field, negated: Bool, values: [String]) {
        self.field = field
        self.negated = negated
        self.values = values
    }

    public var operatorName: String { self.negated ? "not_in" : "in" }

    /// The ticket's value for the field, as the condition's values write it (nil: none).
    static func value(_ field: Field, of ticket: Ticket) -> String? {
        switch field {
        case .priority: return String(ticket.priority.rawValue)
        case .source: return String(ticket.source.rawValue)
        case .ticketType: return ticket.type
        case .groupID: return ticket.groupID.map { String($0.rawValue) }
        case .companyID: return ticket.companyID.map { String($0.rawValue) }
        }
    }

    public func matches(_ ticket: Ticket) -> Bool {
        let value = Self.value(self.field, of: ticket)
        let listed = value.map { value in self.values.contains { $0.lowercased() == value.lowercased() } } ?? false
        return listed != self.negated
    }
}

/// Picks the agent for a new ticket without one: the best-ranked matching skill (rank, then id) that has agents, and
/// of its agents the one with the fewest unresolved tickets (then the lowest id). A pure function of its inputs.
public enum SkillRouting {
    public static func choose(_ skills: [Skill], for ticket: Ticket, load: [UserID: Int64]) -> (skill: SkillID, agent: UserID)? {
        let ordered = skills.sorted { ($0.rank, $0.id.rawValue) < ($1.rank, $1.id.rawValue) }
        guard let skill = ordered.first(where: { !$0.agentIDs.isEmpty && $0.matches(ticket) }) else { return nil }
        let agent = skill.agentIDs.min { (load[$0] ?? 0, $0.rawValue) < (load[$1] ?? 0, $1.rawValue) }!
        return (skill.id, agent)
    }
}
