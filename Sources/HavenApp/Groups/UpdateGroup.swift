public import HavenCore
import HavenStore

/// Changes a group. One transaction with its `group.updated` entry.
public struct UpdateGroup: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: GroupID, _ changes: GroupChanges, fieldErrors: [FieldError] = [], by principal: Principal)
        async throws -> AgentGroup
    {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageGroups) { change in
            guard var group = try await store.groups.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            let previous = group
            try await changes.apply(to: &group, fieldErrors: fieldErrors, store: store, on: change.sql)
            group.updatedAt = change.now
            try await store.groups.update(group, on: change.sql)
            try await change.record(.groupUpdated, .group(id), before: .group(previous), after: .group(group))
            return group
        }
    }
}
