public import HavenCore
import HavenStore

/// Adds a group with a unique name. One transaction with its `group.created` entry.
public struct CreateGroup: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ changes: GroupChanges, fieldErrors: [FieldError] = [], by principal: Principal) async throws
        -> AgentGroup
    {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageGroups) { change in
            var group = AgentGroup(tenantID: change.tenant, id: GroupID(0), name: "", createdAt: change.now)
            try await changes.apply(to: &group, fieldErrors: fieldErrors, store: store, on: change.sql)
            group.id = GroupID(try await IDSequences.next("groups", on: change.sql))
            try await store.groups.insert(group, on: change.sql)
            try await change.record(.groupCreated, .group(group.id), before: nil, after: .group(group))
            return group
        }
    }
}
