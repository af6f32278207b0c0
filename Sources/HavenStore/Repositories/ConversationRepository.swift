public import HavenCore

/// Replies and notes of a ticket, sealed under the ticket requester's key.
public protocol ConversationRepository: Sendable {
    /// Adds a conversation to the thread of `ticket` and its words to the ticket's search terms.
    func insert(_ c: Conversation, ticket: Ticket, on sql: SQLExecutor) async throws
    func updateBody(_ c: Conversation, ticket: Ticket, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: ConversationID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: ConversationID, on sql: SQLExecutor) async throws -> Conversation?
    /// A ticket's conversations, oldest first.
    func list(_ tenant: TenantID, ticket: TicketID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Conversation>
    /// The newest conversation's id (ids grow), or nil: part of the version an edit form carries.
    func latestID(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> ConversationID?
}
