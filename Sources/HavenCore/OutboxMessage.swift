/// A message waiting in (or gone from) the mail outbox: written in the same transaction as the change that caused
/// it, sent by the outbox service. Recipients and content are the requester's personal data, sealed under their key.
public struct OutboxMessage: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case reply
        case acknowledgement
        case test
        /// A note's `notify_emails` told of it.
        case noteNotice = "note_notice"
        /// An invitation or password-reset link.
        case accountLink = "account_link"
        /// "Your export is ready" to the agent who asked for it.
        case exportReady = "export_ready"
        /// An SLA target passed: to the policy's escalation agents.
        case escalation
    }

    public enum State: String, Sendable {
        case pending, sent, failed
    }

    /// The `lastError` of a message put aside because its tenant has no smarthost (neither its own nor the
    /// deployment's): not an attempt; it is resumed when one appears.
    public static let waitingForSmarthost = "waiting: no smarthost (HAVEN_SMTP_URL or the tenant's own)"

    public let tenantID: TenantID
    public var id: Int64
    public var ticketID: TicketID?
    public var kind: Kind
    /// Whose key seals it; nil: the tenant's key (mail about no one in particular, such as a test).
    public var ownerID: UserID?
    /// The envelope sender (a support address).
    public var sender: String
    public var recipients: [String]
    /// The whole message as sent (headers, DKIM signature, body), CRLF line ends.
    public var content: [UInt8]
    public var messageID: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Timestamp
    /// The SMTP step and reply of the last failure (`RCPT 550 5.1.1`): never an address or content.
    public var lastError: String?
    public var createdAt: Timestamp
    public var sentAt: Timestamp?
    /// Set when the owner's key is gone: the message can no longer be read or sent.
    public var unreadable: Unreadable?

    public init(
        tenantID: TenantID, id: Int64, ticketID: TicketID?, kind: Kind, ownerID: UserID?, sender: String, recipients: [String],
        content: [UInt8], messageID: String, createdAt: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.ticketID = ticketID
        self.kind = kind
        self.ownerID = ownerID
        self.sender = sender
        self.recipients = recipients
        self.content = content
        self.messageID = messageID
        self.state = .pending
        self.attempts = 0
        self.nextAttemptAt = createdAt
        self.createdAt = createdAt
    }
}

/// The outbox at a glance, for `haven mail status`.
public struct OutboxStatus: Sendable, Equatable {
    public var pending: Int64
    public var failed: Int64
    public var sent: Int64
    public var oldestPending: Timestamp?
    /// The most recent failures and retries: (tenant, message id, attempts, last error).
    public var recentProblems: [(tenant: TenantID, id: Int64, attempts: Int, error: String)]

    public init(
        pending: Int64, failed: Int64, sent: Int64, oldestPending: Timestamp?,
        recentProblems: [(tenant: TenantID, id: Int64, attempts: Int, error: String)]
    ) {
        self.pending = pending
        self.failed = failed
        self.sent = sent
        self.oldestPending = oldestPending
        self.recentProblems = recentProblems
    }

    public static func == (a: OutboxStatus, b: OutboxStatus) -> Bool {
        a.pending == b.pending && a.failed == b.failed && a.sent == b.sent && a.oldestPending == b.oldestPending
            && a.recentProblems.map { "\($0.tenant)/\($0.id)/\($0.attempts)/\($0.error)" }
                == b.recentProblems.map { "\($0.tenant)/\($0.id)/\($0.attempts)/\($0.error)" }
    }
}
