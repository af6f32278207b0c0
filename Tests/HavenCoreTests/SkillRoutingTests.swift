import HavenCore
import Testing

/// Skill-based routing as a pure function: the best-ranked matching skill with agents wins, its least-loaded agent
/// (then the lowest id) gets the ticket; all/any, in/not_in and absent values behave as written.
@Suite struct SkillRoutingTests {
    static let now = Timestamp(secondsSince1970: 1_800_000_000)

    static func ticket(priority: TicketPriority = .low, type: String? = nil, group: Int64? = nil) -> Ticket {
        var ticket = Ticket(tenantID: TenantID(1), id: TicketID(1), description: "", requesterID: UserID(9), createdAt: Self.now)
        ticket.priority = priority
        ticket.type = type
        ticket.groupID = group.map(GroupID.init)
        return ticket
    }

    static func skill(_ id: Int64, rank: Int64, match: Skill.MatchType = .all, _ conditions: [SkillCondition], agents: [Int64]) -> Skill {
        Skill(
            tenantID: TenantID(1), id: SkillID(id), name: "S\(id)", rank: rank, matchType: match, conditions: conditions,
            agentIDs: agents.map(UserID.init), at: Self.now)
    }

    @Test func conditions_allAnyInNotIn() {
        let urgent = SkillCondition(field: .priority, negated: false, values: ["4"])
        let refund = SkillCondition(field: .ticketType, negated: false, values: ["refund"])
        let notBilling = SkillCondition(field: .groupID, negated: true, values: ["7"])
        #expect(Self.skill(1, rank: 1, match: .all, [urgent, refund], agents: []).matches(Self.ticket(priority: .urgent, type: "Refund")))
        #expect(!Self.skill(1, rank: 1, match: .all, [urgent, refund], agents: []).matches(Self.ticket(priority: .urgent)))
        #expect(Self.skill(1, rank: 1, match: .any, [urgent, refund], agents: []).matches(Self.ticket(type: "REFUND")))
        #expect(Self.skill(1, rank: 1, match: .all, [notBilling], agents: []).matches(Self.ticket()), "no group is not group 7")
        #expect(!Self.skill(1, rank: 1, match: .all, [notBilling], agents: []).matches(Self.ticket(group: 7)))
        #expect(!Self.skill(1, rank: 1, match: .any, [], agents: [1]).matches(Self.ticket()), "no conditions: no tickets")
    }

    @Test func theBestRankedSkillWithAgents_givesItsLeastLoadedAgent() {
        let any = SkillCondition(field: .priority, negated: false, values: ["1", "2", "3", "4"])
        let skills = [
            Self.skill(3, rank: 2, [any], agents: [30, 31]), Self.skill(1, rank: 1, [any], agents: []),
            Self.skill(2, rank: 3, [any], agents: [20]),
        ]
        let chosen = SkillRouting.choose(skills, for: Self.ticket(), load: [UserID(30): 4, UserID(31): 1])
        #expect(chosen?.skill == SkillID(3) && chosen?.agent == UserID(31), "rank 1 has no agents; rank 2's least loaded")
        #expect(SkillRouting.choose(skills, for: Self.ticket(), load: [:])?.agent == UserID(30), "a tie goes to the lower id")
        #expect(SkillRouting.choose([], for: Self.ticket(), load: [:]) == nil)
    }
}
