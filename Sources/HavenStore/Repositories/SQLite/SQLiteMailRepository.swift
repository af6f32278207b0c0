import Foundation
public import HavenCore
import HavenCrypto

/// Support addresses, the thread's Message-IDs and the outbox. Message-IDs are sealed under the tenant key (they can
/// name a sender's host); outbox recipients and content under the requester's key, so erasing them stops the mail.
public struct SQLiteMailRepository: MailRepository {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    public func tenant(forAddress address: String, on sql: SQLExecutor) async throws -> TenantID? {
        try await sql.first(.across(.mailRouting, "SELECT tenant_id FROM mail_addresses WHERE address = \(address.lowercased())"))
            .map { TenantID(try $0.int("tenant_id")) }
    }

    public func addresses(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [String] {
        try await sql.all("SELECT address FROM mail_addresses WHERE tenant_id = \(tenant) ORDER BY address")
            .map { try $0.string("address") }
    }

    public func addAddress(_ tenant: TenantID, _ address: String, at now: Timestamp, on sql: SQLExecutor) async throws {
        let address = address.lowercased()
        // An address routes mail to one tenant: taken in any tenant is taken.
        if try await sql.first(.across(.mailRouting, "SELECT tenant_id FROM mail_addresses WHERE address = \(address)")) != nil {
            throw HavenError.conflict([.invalid("address", "\(address) is already a support address")])
        }
        // 1 is the built-in address's; the sequence starts above it (migration 0025) and never gives an id twice.
        let id = try await IDSequences.next("mail_addresses", on: sql)
        try await sql.execute(
            "INSERT INTO mail_addresses (address, tenant_id, id, created_at) VALUES (\(address), \(tenant), \(id), \(now))")
    }

    public func numberedAddresses(_ tenant: TenantID, on sql: SQLExecutor) async throws
        -> [(id: Int64, address: String, addedAt: Timestamp)]
    {
        try await sql.all("SELECT id, address, created_at FROM mail_addresses WHERE tenant_id = \(tenant) ORDER BY id").map {
            (try $0.int("id"), try $0.string("address"), try $0.timestamp("created_at"))
        }
    }

    public func removeAddress(_ tenant: TenantID, _ address: String, on sql: SQLExecutor) async throws -> Bool {
        let known = try await sql.scalar(
            "SELECT count(*) FROM mail_addresses WHERE tenant_id = \(tenant) AND address = \(address.lowercased())")
        try await sql.execute("DELETE FROM mail_addresses WHERE tenant_id = \(tenant) AND address = \(address.lowercased())")
        return known > 0
    }

    public func ticket(_ tenant: TenantID, messageDigests: [[UInt8]], on sql: SQLExecutor) async throws -> TicketID? {
        guard !messageDigests.isEmpty else { return nil }
        var statement: SQL = "SELECT ticket_id FROM mail_messages WHERE tenant_id = \(tenant) AND digest IN ("
        for (offset, digest) in messageDigests.enumerated() {
            if offset > 0 { statement.append(raw: ", ") }
            statement.append(bind: .blob(digest))
        }
        statement.append(raw: ") ORDER BY created_at DESC LIMIT 1")
        return try await sql.first(statement).map { TicketID(try $0.int("ticket_id")) }
    }

    public func record(
        _ tenant: TenantID, messageID: String, digest: [UInt8], ticket: TicketID, conversation: ConversationID?, outgoing: Bool,
        at now: Timestamp, on sql: SQLExecutor
    ) async throws -> Bool {
        guard try await !self.isKnown(tenant, messageDigest: digest, on: sql) else { return false }
        let id = try await IDSequences.next("mail_messages", on: sql)
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        try await sql.execute(
            """
            INSERT INTO mail_messages (tenant_id, digest, id, message_id, ticket_id, conversation_id, direction, created_at)
            VALUES (\(tenant), \(DBValue.blob(digest)), \(id), \(try sealer.seal(messageID, "mail_messages", "message_id", id)),
                \(ticket), \(conversation?.rawValue), \(outgoing ? "out" : "in"), \(now))
            """)
        return true
    }

    public func messageIDs(_ tenant: TenantID, ticket: TicketID, limit: Int, on sql: SQLExecutor) async throws -> [(
        id: String, outgoing: Bool
    )] {
        let rows = try await sql.all(
            """
            SELECT id, message_id, direction FROM mail_messages WHERE tenant_id = \(tenant) AND ticket_id = \(ticket)
            ORDER BY created_at DESC, id DESC LIMIT \(Int64(limit))
            """)
        guard !rows.isEmpty else { return [] }
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        return try rows.reversed().compactMap { row in
            try sealer.open(row, "mail_messages", "message_id", try row.int("id")).map { ($0, try row.string("direction") == "out") }
        }
    }

    // MARK: Outbox

    public func enqueue(_ m: OutboxMessage, on sql: SQLExecutor) async throws {
        let sealer = try await self.keys.sealer(
            m.tenantID, m.ownerID.map { .subject($0.rawValue) } ?? .tenant, create: true, on: sql)
        try await sql.execute(
            """
            INSERT INTO mail_outbox (tenant_id, id, ticket_id, kind, owner_id, sender, recipients, content, message_id, state,
                attempts, next_attempt_at, created_at)
            VALUES (\(m.tenantID), \(m.id), \(m.ticketID?.rawValue), \(m.kind.rawValue), \(m.ownerID?.rawValue), \(m.sender),
                \(try sealer.sealList(m.recipients, "mail_outbox", "recipients", m.id)),
                \(try sealer.seal(Data(m.content).base64EncodedString(), "mail_outbox", "content", m.id)), \(m.messageID),
                'pending', 0, \(m.nextAttemptAt), \(m.createdAt))
            """)
    }

    public func due(at now: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [OutboxMessage] {
        let rows = try await sql.all(
            .across(
                .outbox,
                """
                SELECT * FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= \(now)
                ORDER BY next_attempt_at, id LIMIT \(Int64(limit))
                """))
        var messages: [OutboxMessage] = []
        for (tenant, group) in Dictionary(grouping: rows, by: { (try? $0.int("tenant_id")) ?? 0 }) {
            messages += try await self.keys.decode(
                group, TenantID(tenant), on: sql,
                scope: { row in try row.optionalInt("owner_id").map { .subject($0) } ?? .tenant },
                { row, sealer in
                    let id = try row.int("id")
                    var message = try Self.decodeClear(row)
                    message.recipients = try sealer.openList(row, "mail_outbox", "recipients", id)
                    message.content = Array(Data(base64Encoded: try sealer.open(row, "mail_outbox", "content", id) ?? "") ?? Data())
                    return message
                },
                unreadable: { row, reason in
                    var message = try Self.decodeClear(row)
                    message.unreadable = reason
                    return message
                })
        }
        return messages.sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    static func decodeClear(_ row: Row) throws -> OutboxMessage {
        var message = OutboxMessage(
            tenantID: TenantID(try row.int("tenant_id")), id: try row.int("id"),
            ticketID: try row.optionalInt("ticket_id").map(TicketID.init),
            kind: OutboxMessage.Kind(rawValue: try row.string("kind")) ?? .reply,
            ownerID: try row.optionalInt("owner_id").map(UserID.init), sender: try row.string("sender"), recipients: [],
            content: [], messageID: try row.string("message_id"), createdAt: try row.timestamp("created_at"))
        message.state = OutboxMessage.State(rawValue: try row.string("state")) ?? .pending
        message.attempts = Int(try row.int("attempts"))
        message.nextAttemptAt = try row.timestamp("next_attempt_at")
        message.lastError = try row.optionalString("last_error")
        message.sentAt = try row.optionalInt("sent_at").map { Timestamp(secondsSince1970: $0) }
        return message
    }

    public func claim(_ tenant: TenantID, _ id: Int64, until: Timestamp, now: Timestamp, on sql: SQLExecutor) async throws -> Bool {
        try await !sql.all(
            """
            UPDATE mail_outbox SET next_attempt_at = \(until)
            WHERE tenant_id = \(tenant) AND id = \(id) AND state = 'pending' AND next_attempt_at <= \(now)
            RETURNING id
            """
        ).isEmpty
    }

    public func markSent(_ tenant: TenantID, _ id: Int64, at now: Timestamp, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE mail_outbox SET state = 'sent', sent_at = \(now), attempts = attempts + 1, last_error = NULL
            WHERE tenant_id = \(tenant) AND id = \(id)
            """)
    }

    public func markFailed(
        _ tenant: TenantID, _ id: Int64, error: String, attempts: Int, retryAt next: Timestamp?, on sql: SQLExecutor
    ) async throws {
        try await sql.execute(
            """
            UPDATE mail_outbox SET state = \(next == nil ? "failed" : "pending"), attempts = \(Int64(attempts)),
                last_error = \(error), next_attempt_at = coalesce(\(next), next_attempt_at)
            WHERE tenant_id = \(tenant) AND id = \(id) AND state = 'pending'
            """)
    }

    public func resumeWaiting(_ tenant: TenantID?, at now: Timestamp, on sql: SQLExecutor) async throws {
        var statement: SQL = """
            UPDATE mail_outbox SET next_attempt_at = \(now), last_error = NULL
            WHERE state = 'pending' AND last_error = \(OutboxMessage.waitingForSmarthost)
            """
        if let tenant { statement.append(" AND tenant_id = \(tenant)") }
        try await sql.execute(.across(.outbox, statement))
    }

    public func outboxStatus(_ tenant: TenantID?, on sql: SQLExecutor) async throws -> OutboxStatus {
        // No tenant: every tenant's rows, the operator's view (`haven mail status`).
        let scope: SQL = tenant.map { "WHERE tenant_id = \($0)" } ?? ""
        let counts = try await sql.all(
            .across(.outbox, "SELECT state, count(*) AS n, min(created_at) AS oldest FROM mail_outbox \(scope) GROUP BY state"))
        var status = OutboxStatus(pending: 0, failed: 0, sent: 0, oldestPending: nil, recentProblems: [])
        for row in counts {
            let n = try row.int("n")
            switch try row.string("state") {
            case "pending":
                status.pending = n
                status.oldestPending = try row.optionalInt("oldest").map { Timestamp(secondsSince1970: $0) }
            case "failed": status.failed = n
            default: status.sent = n
            }
        }
        let problems: SQL = tenant.map { "AND tenant_id = \($0)" } ?? ""
        status.recentProblems = try await sql.all(
            .across(
                .outbox,
                """
                SELECT tenant_id, id, attempts, last_error FROM mail_outbox
                WHERE last_error IS NOT NULL \(problems) ORDER BY next_attempt_at DESC LIMIT 10
                """)
        ).map { (TenantID(try $0.int("tenant_id")), try $0.int("id"), Int(try $0.int("attempts")), try $0.string("last_error")) }
        return status
    }

    public func relayTenant(tokenHash: String, on sql: SQLExecutor) async throws -> TenantID? {
        try await sql.first(.across(.mailRelay, "SELECT tenant_id FROM mail_relay_tokens WHERE token_hash = \(tokenHash)"))
            .map { TenantID(try $0.int("tenant_id")) }
    }

    public func setRelayToken(_ tenant: TenantID, hash: String, at now: Timestamp, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM mail_relay_tokens WHERE tenant_id = \(tenant)")
        try await sql.execute("INSERT INTO mail_relay_tokens (token_hash, tenant_id, created_at) VALUES (\(hash), \(tenant), \(now))")
    }

    public func isKnown(_ tenant: TenantID, messageDigest: [UInt8], on sql: SQLExecutor) async throws -> Bool {
        try await sql.first("SELECT 1 AS k FROM mail_messages WHERE tenant_id = \(tenant) AND digest = \(DBValue.blob(messageDigest))")
            != nil
    }

    public func settings(_ tenant: TenantID, on sql: SQLExecutor) async throws -> TenantMailSettings {
        guard let row = try await sql.first("SELECT * FROM mail_settings WHERE tenant_id = \(tenant)") else { return TenantMailSettings() }
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        return TenantMailSettings(
            sendingAddress: try row.optionalString("sending_address"),
            smtpURL: try sealer.open(row, "mail_settings", "smtp_url", tenant.rawValue))
    }

    public func saveSettings(_ tenant: TenantID, _ settings: TenantMailSettings, at now: Timestamp, on sql: SQLExecutor) async throws {
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        let url = try sealer.seal(settings.smtpURL, "mail_settings", "smtp_url", tenant.rawValue)
        try await sql.execute(
            """
            INSERT INTO mail_settings (tenant_id, sending_address, smtp_url, updated_at)
            VALUES (\(tenant), \(settings.sendingAddress), \(url), \(now))
            ON CONFLICT (tenant_id) DO UPDATE SET sending_address = excluded.sending_address, smtp_url = excluded.smtp_url,
                updated_at = excluded.updated_at
            """
        )
    }
}
