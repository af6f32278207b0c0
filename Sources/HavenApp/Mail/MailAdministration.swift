public import HavenCore
import HavenStore

/// The mail channel's state: the outbox across tenants for the operator, one tenant's for its admins (counts and
/// failure codes, no content).
public struct MailAdministration: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func status() async throws -> OutboxStatus {
        let store = self.helpdesk.store
        return try await store.read { sql in try await store.mail.outboxStatus(nil, on: sql) }
    }

    /// The principal's tenant's outbox.
    public func status(by principal: Principal) async throws -> OutboxStatus {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .manageDomains) { sql in
            try await store.mail.outboxStatus(principal.tenant, on: sql)
        }
    }
}
