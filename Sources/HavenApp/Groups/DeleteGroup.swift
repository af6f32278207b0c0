public import HavenCore
import HavenStore

/// Deletes a group. One transaction with its `group.deleted` entry.
public struct DeleteGroup: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: GroupID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageGroups) { change in
            guard try await store.groups.exists(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            try await store.groups.delete(change.tenant, id, on: change.sql)
            try await change.record(.groupDeleted, .group(id))
        }
    }
}
