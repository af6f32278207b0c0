public import HavenCore
import HavenStore

/// Reading ticket field definitions: every agent sees them (to fill tickets in); administrators manage them.
public struct TicketFieldQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func all(needs permission: Permission = .readHelpdesk, by principal: Principal) async throws -> [TicketField] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: permission) { sql in
            try await store.ticketFields.all(principal.tenant, on: sql)
        }
    }

    public func view(_ id: TicketFieldID, by principal: Principal) async throws -> TicketField {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .manageFields) { sql in
            guard let field = try await store.ticketFields.find(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return field
        }
    }
}
