public import HavenCore
public import HavenStore

/// Reading time entries: one, a ticket's, or the tenant's with filters.
public struct TimeEntryQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func view(_ id: TimeEntryID, by principal: Principal) async throws -> TimeEntry {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let entry = try await store.timeEntries.find(principal.tenant, id, on: sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            return entry
        }
    }

    /// With `filter.ticketID` set, the ticket must exist (404 otherwise, as for its conversations).
    public func list(_ filter: TimeEntryFilter, page: PageRequest, by principal: Principal) async throws -> Page<TimeEntry> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            if let ticket = filter.ticketID, try await store.tickets.find(principal.tenant, ticket, on: sql) == nil {
                throw HavenError.notFound
            }
            return try await store.timeEntries.list(principal.tenant, filter, page: page, on: sql)
        }
    }
}
