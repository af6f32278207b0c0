public import HavenCore
import HavenStore

/// Skills (Freshdesk's `skills`): every agent reads them; administrators write them (they decide who gets which new
/// tickets). A new ticket without an agent is routed by them in `CreateTicket` (`SkillRouting`). Each change is one
/// transaction with its audit entry.
public struct Skills: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a create or update sets (nil: unchanged).
    public struct Changes: Sendable {
        public var name: String?
        public var rank: Int64?
        public var matchType: Skill.MatchType?
        public var conditions: [SkillCondition]?
        public var agentIDs: [UserID]?

        public init(
            name: String? = nil, rank: Int64? = nil, matchType: Skill.MatchType? = nil, conditions: [SkillCondition]? = nil,
            agentIDs: [UserID]? = nil
        ) {
            self.name = name
            self.rank = rank
            self.matchType = matchType
            self.conditions = conditions
            self.agentIDs = agentIDs
        }
    }

    public func all(by principal: Principal) async throws -> [Skill] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.skills.all(principal.tenant, on: sql)
        }
    }

    public func find(_ id: SkillID, by principal: Principal) async throws -> Skill {
        let store = self.helpdesk.store
        return try await self.helpdesk.find(by: principal) { sql in try await store.skills.find(principal.tenant, id, on: sql) }
    }

    public func create(_ changes: Changes, by principal: Principal) async throws -> Skill {
        let store = self.helpdesk.store
        var errors = SettingText.problems(name: changes.name, description: nil)
        if changes.name == nil { errors.insert(.missing("name"), at: 0) }
        errors += Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            let name = changes.name!.trimmingWhitespace()
            if let clash = try await store.skills.find(named: name, change.tenant, on: change.sql) {
                throw SettingText.taken(by: clash.rawValue)
            }
            try await self.checkAgents(changes.agentIDs ?? [], change: change)
            // A new skill goes last unless it names its rank.
            let last = try await store.skills.all(change.tenant, on: change.sql).map(\.rank).max() ?? 0
            var skill = Skill(
                tenantID: change.tenant, id: SkillID(try await IDSequences.next("skills", on: change.sql)), name: name,
                rank: changes.rank ?? last + 1, matchType: changes.matchType ?? .all, conditions: changes.conditions ?? [],
                agentIDs: changes.agentIDs ?? [], at: change.now)
            try await store.skills.insert(skill, on: change.sql)
            skill.rank = try await Self.rank(skill, store: store, change: change)
            try await change.record(
                .skillCreated, .skill(skill.id), details: ["name": .string(name), "agents": .int(Int64(Set(skill.agentIDs).count))])
            return skill
        }
    }

    public func update(_ id: SkillID, _ changes: Changes, by principal: Principal) async throws -> Skill {
        let store = self.helpdesk.store
        let errors = SettingText.problems(name: changes.name, description: nil) + Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            guard var skill = try await store.skills.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            let before = skill
            if let name = changes.name?.trimmingWhitespace() {
                if let clash = try await store.skills.find(named: name, change.tenant, on: change.sql), clash != id {
                    throw SettingText.taken(by: clash.rawValue)
                }
                skill.name = name
            }
            if let rank = changes.rank { skill.rank = rank }
            if let match = changes.matchType { skill.matchType = match }
            if let conditions = changes.conditions { skill.conditions = conditions }
            if let agents = changes.agentIDs {
                try await self.checkAgents(agents, change: change)
                skill.agentIDs = Array(Set(agents)).sorted { $0.rawValue < $1.rawValue }
            }
            skill.updatedAt = change.now
            try await store.skills.update(skill, on: change.sql)
            if changes.rank != nil { skill.rank = try await Self.rank(skill, store: store, change: change) }
            let changed = [
                ("name", before.name != skill.name), ("rank", before.rank != skill.rank),
                ("match_type", before.matchType != skill.matchType),
                ("conditions", before.conditions != skill.conditions), ("agents", Set(before.agentIDs) != Set(skill.agentIDs)),
            ]
            .filter(\.1).map(\.0)
            try await change.record(.skillUpdated, .skill(id), details: ["changed": .strings(changed)])
            return skill
        }
    }

    public func delete(_ id: SkillID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            guard let skill = try await store.skills.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            try await store.skills.delete(change.tenant, id, on: change.sql)
            try await change.record(.skillDeleted, .skill(id), details: ["name": .string(skill.name)])
        }
    }

    /// Ranks stay 1, 2, 3, … in order: a skill given rank r takes that place and those from r on move down one.
    /// Answers the skill's own rank then.
    static func rank(_ skill: Skill, store: Store, change: Change) async throws -> Int64 {
        var others = try await store.skills.all(change.tenant, on: change.sql).filter { $0.id != skill.id }.map(\.id)
        others.insert(skill.id, at: max(0, min(others.count, Int(skill.rank) - 1)))
        let current = Dictionary(uniqueKeysWithValues: try await store.skills.all(change.tenant, on: change.sql).map { ($0.id, $0.rank) })
        let ranks = Dictionary(uniqueKeysWithValues: others.enumerated().map { ($0.element, Int64($0.offset + 1)) })
        try await store.skills.setRanks(change.tenant, ranks.filter { current[$0.key] != $0.value }, on: change.sql)
        return ranks[skill.id] ?? skill.rank
    }

    /// The agent and skill for a new ticket without an agent, or nil (no skills, none matching, none with agents).
    static func route(_ ticket: Ticket, store: Store, on sql: SQLExecutor) async throws -> (skill: SkillID, agent: UserID)? {
        let skills = try await store.skills.forRouting(ticket.tenantID, on: sql)
        guard skills.contains(where: { !$0.agentIDs.isEmpty && $0.matches(ticket) }) else { return nil }
        let load = try await store.skills.load(ticket.tenantID, agents: Array(Set(skills.flatMap(\.agentIDs))), on: sql)
        return SkillRouting.choose(skills, for: ticket, load: load)
    }

    private func checkAgents(_ agents: [UserID], change: Change) async throws {
        for agent in agents where try await !self.helpdesk.store.agents.exists(change.tenant, agent, on: change.sql) {
            throw HavenError.validation([.invalid("agents", "There is no agent \(agent)")])
        }
    }

    static func problems(_ changes: Changes) -> [FieldError] {
        var errors: [FieldError] = []
        if let rank = changes.rank, !(1...10_000).contains(rank) { errors.append(.invalid("rank", "It should be between 1 and 10,000")) }
        if let conditions = changes.conditions {
            if conditions.count > 20 { errors.append(.invalid("conditions", "A skill has at most 20 conditions")) }
            for (index, condition) in conditions.enumerated() where condition.values.isEmpty || condition.values.count > 100 {
                errors.append(.invalid("conditions[\(index)].value", "It should list 1 to 100 values"))
            }
        }
        return errors
    }
}
