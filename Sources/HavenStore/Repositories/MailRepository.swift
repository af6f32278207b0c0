public import HavenCore

/// The e-mail channel's routing and threading state: which support address belongs to which tenant, and the
/// digests of the Message-IDs Haven has received and sent on each ticket.
public protocol MailRepository: Sendable {
    /// The tenant a support address routes to: a cross-tenant lookup by design (the address decides the tenant),
    /// the only one the inbound channel makes.
    func tenant(forAddress address: String, on sql: SQLExecutor) async throws -> TenantID?
    func addresses(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [String]
    /// The tenant's own support addresses with their ids (2 and up) and when they were added, by id.
    func numberedAddresses(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [(id: Int64, address: String, addedAt: Timestamp)]
    /// Throws `conflict` when the address already routes somewhere.
    func addAddress(_ tenant: TenantID, _ address: String, at now: Timestamp, on sql: SQLExecutor) async throws
    /// False when the tenant has no such address.
    func removeAddress(_ tenant: TenantID, _ address: String, on sql: SQLExecutor) async throws -> Bool
    /// The ticket the newest of these message digests belongs to, if any.
    func ticket(_ tenant: TenantID, messageDigests: [[UInt8]], on sql: SQLExecutor) async throws -> TicketID?
    /// Records a message on a ticket (its id sealed, found by digest); false (nothing written) when already known.
    func record(
        _ tenant: TenantID, messageID: String, digest: [UInt8], ticket: TicketID, conversation: ConversationID?, outgoing: Bool,
        at now: Timestamp, on sql: SQLExecutor
    ) async throws -> Bool
    /// The Message-IDs of a ticket's thread, oldest first (at most `limit`, the newest ones), each with whether Haven
    /// sent it: a reply's References, and the message it answers.
    func messageIDs(_ tenant: TenantID, ticket: TicketID, limit: Int, on sql: SQLExecutor) async throws -> [(
        id: String, outgoing: Bool
    )]

    /// Queues a message (in the caller's transaction: the change that caused it).
    func enqueue(_ message: OutboxMessage, on sql: SQLExecutor) async throws
    /// Messages due for a sending attempt, across tenants (the outbox service's one cross-tenant read), oldest first;
    /// each opened with its owner's key (`unreadable` set when that key is gone).
    func due(at now: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [OutboxMessage]
    /// Takes a due message for one attempt by moving its next attempt to `until`: another node's `due` no longer
    /// lists it, and should this node die mid-attempt the message comes due again then. Returns whether this call
    /// took it (false: another node did, or it is no longer due).
    func claim(_ tenant: TenantID, _ id: Int64, until: Timestamp, now: Timestamp, on sql: SQLExecutor) async throws -> Bool
    func markSent(_ tenant: TenantID, _ id: Int64, at now: Timestamp, on sql: SQLExecutor) async throws
    /// A failed attempt: retried at `next`, or (nil) given up.
    func markFailed(
        _ tenant: TenantID, _ id: Int64, error: String, attempts: Int, retryAt next: Timestamp?, on sql: SQLExecutor
    ) async throws
    /// Makes the messages put aside for want of a smarthost (`OutboxMessage.waitingForSmarthost`) due now: every
    /// tenant's when a sender starts (nil), one tenant's when it sets its own smarthost.
    func resumeWaiting(_ tenant: TenantID?, at now: Timestamp, on sql: SQLExecutor) async throws
    /// Every tenant's outbox (nil, the operator's view) or one tenant's.
    func outboxStatus(_ tenant: TenantID?, on sql: SQLExecutor) async throws -> OutboxStatus

    /// The tenant an HTTP relay token (by its hash) belongs to: a cross-tenant lookup, like an API key's.
    func relayTenant(tokenHash: String, on sql: SQLExecutor) async throws -> TenantID?
    /// Replaces the tenant's relay token (one per tenant: a new one revokes the old).
    func setRelayToken(_ tenant: TenantID, hash: String, at now: Timestamp, on sql: SQLExecutor) async throws
    func isKnown(_ tenant: TenantID, messageDigest: [UInt8], on sql: SQLExecutor) async throws -> Bool

    /// The tenant's sending settings (defaults when it never set any); the smarthost URL opened from its seal.
    func settings(_ tenant: TenantID, on sql: SQLExecutor) async throws -> TenantMailSettings
    func saveSettings(_ tenant: TenantID, _ settings: TenantMailSettings, at now: Timestamp, on sql: SQLExecutor) async throws
}

/// Ticket and conversation files, sealed under the ticket requester's key.
public protocol AttachmentRepository: Sendable {
    func insert(_ attachment: Attachment, data: [UInt8], ticket: Ticket, on sql: SQLExecutor) async throws
    /// The files of a ticket (with `conversation` nil: every file, of the ticket and its conversations), without bytes.
    func list(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> [Attachment]
    /// One file with its bytes; nil when there is none (or it belongs to another tenant).
    func content(_ tenant: TenantID, _ id: AttachmentID, on sql: SQLExecutor) async throws -> (Attachment, [UInt8])?
}
