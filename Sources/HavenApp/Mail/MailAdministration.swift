public import HavenCore
import HavenStore

/// The operator's view of the mail channel: the outbox across tenants (counts and failure codes, no content).
public struct MailAdministration: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func status() async throws -> OutboxStatus {
        let store = self.helpdesk.store
        return try await store.read { sql in try await store.mail.outboxStatus(on: sql) }
    }
}
