public import HavenCore
public import HavenStore

/// Reading agents (with their role ids), groups and roles.
public struct AgentQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func view(_ id: UserID, by principal: Principal) async throws -> AgentDetails {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let profile = try await store.agents.find(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            let roles = try await store.roles.all(principal.tenant, on: sql)
            return AgentDetails(profile: profile, roleIDs: AgentSettings.roleIDs(profile.agent, roles))
        }
    }

    /// Agents whose name (any word of it) or e-mail starts with `term`, by name, at most 25 (Freshdesk's
    /// `agents/autocomplete`). A tenant's agents are few: they are read and matched here, opened with their keys.
    public func autocomplete(_ term: String, by principal: Principal) async throws -> [AgentProfile] {
        let store = self.helpdesk.store
        let wanted = term.lowercased()
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            var matches: [AgentProfile] = []
            var page = 1
            while true {
                let agents = try await store.agents.list(
                    principal.tenant, AgentFilter(), page: PageRequest(page: page, perPage: 100), on: sql)
                matches += agents.items.filter { profile in
                    let contact = profile.contact
                    let words = contact.name.lowercased().split(whereSeparator: { $0.isWhitespace })
                    return words.contains { $0.hasPrefix(wanted) } || contact.name.lowercased().hasPrefix(wanted)
                        || (contact.email?.lowercased().hasPrefix(wanted) ?? false)
                }
                guard agents.hasMore else { break }
                page += 1
            }
            return Array(
                matches.sorted { ($0.contact.name.lowercased(), $0.contact.id) < ($1.contact.name.lowercased(), $1.contact.id) }.prefix(25))
        }
    }

    public func list(_ filter: AgentFilter, page: PageRequest, by principal: Principal) async throws -> Page<AgentDetails> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            let agents = try await store.agents.list(principal.tenant, filter, page: page, on: sql)
            let roles = try await store.roles.all(principal.tenant, on: sql)
            return Page(
                items: agents.items.map { AgentDetails(profile: $0, roleIDs: AgentSettings.roleIDs($0.agent, roles)) },
                hasMore: agents.hasMore)
        }
    }

    public func groups(page: PageRequest, by principal: Principal) async throws -> Page<AgentGroup> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.groups.list(principal.tenant, page: page, on: sql)
        }
    }

    public func group(_ id: GroupID, by principal: Principal) async throws -> AgentGroup {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let group = try await store.groups.find(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return group
        }
    }

    public func roles(by principal: Principal) async throws -> [Role] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.roles.all(principal.tenant, on: sql)
        }
    }

    public func role(_ id: RoleID, by principal: Principal) async throws -> Role {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let role = try await store.roles.find(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return role
        }
    }
}
