public import HavenCore
import HavenStore

/// An agent's working settings a create or update may set.
public struct AgentSettings: Sendable {
    public var occasional: Bool?
    public var signature: String??
    public var ticketScope: Int64?
    public var groupIDs: [GroupID]?
    public var skillIDs: [SkillID]?
    public var roleIDs: [RoleID]?
    public var type: String?
    public var focusMode: Bool?

    public init() {}

    /// Applies the settings, checking that groups and the (single) role exist in this tenant.
    func apply(to agent: inout Agent, roles: [Role], store: Store, on sql: SQLExecutor) async throws {
        var errors: [FieldError] = []
        if let roleIDs = self.roleIDs {
            let matching = roles.filter { roleIDs.contains($0.id) }
            if roleIDs.count != 1 || matching.count != 1 {
                let known = roles.map { String($0.id.rawValue) }.joined(separator: ",")
                errors.append(.invalid("role_ids", "It should contain exactly one of the role ids \(known)"))
            } else {
                agent.role = matching[0].key
            }
        }
        if let groups = self.groupIDs {
            for group in groups where try await !store.groups.exists(agent.tenantID, group, on: sql) {
                errors.append(.invalid("group_ids", "There is no group with id \(group)"))
                break
            }
            agent.groupIDs = groups
        }
        if let skills = self.skillIDs {
            for skill in skills where try await store.skills.find(agent.tenantID, skill, on: sql) == nil {
                errors.append(.invalid("skill_ids", "There is no skill with id \(skill)"))
                break
            }
            agent.skillIDs = skills
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        if let occasional = self.occasional { agent.occasional = occasional }
        if let signature = self.signature { agent.signature = signature }
        if let scope = self.ticketScope { agent.ticketScope = scope }
        if let type = self.type { agent.type = type }
        if let focus = self.focusMode { agent.focusMode = focus }
    }

    static func roleIDs(_ agent: Agent, _ roles: [Role]) -> [RoleID] {
        roles.filter { $0.key == agent.role }.map(\.id)
    }
}

/// The user-record fields an agent create or update may carry; absent fields leave the record alone.
public struct AgentProfileChanges: Sendable {
    public var email: String??
    public var name: String?
    public var phone: String??
    public var mobile: String??
    public var jobTitle: String??
    public var language: String?
    public var timeZone: String??

    public init() {}

    func apply(to contact: inout Contact) {
        if let email = self.email ?? nil { contact.email = email }
        if let name = self.name { contact.name = name }
        if let phone = self.phone { contact.phone = phone }
        if let mobile = self.mobile { contact.mobile = mobile }
        if let jobTitle = self.jobTitle { contact.jobTitle = jobTitle }
        if let language = self.language { contact.language = language }
        if let timeZone = self.timeZone { contact.timeZone = timeZone }
    }
}

/// An agent with its user record and the ids of its role, as every channel shows it.
public struct AgentDetails: Sendable {
    public let profile: AgentProfile
    public let roleIDs: [RoleID]
}
