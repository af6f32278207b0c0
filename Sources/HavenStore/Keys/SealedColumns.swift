import HavenCore
import HavenCrypto

/// Every sealed column, with the key scope its rows use. The one list that rotation, the legacy-plaintext
/// conversion and `keys status` walk; repositories seal the same columns with the same scopes.
public struct SealedTable: Sendable {
    public let name: String
    public let idColumn: String
    /// SQL giving the subject whose key seals a row, or nil for the tenant data key.
    let ownerExpression: String?
    public let columns: [String]

    public static let all: [SealedTable] = [
        SealedTable(
            name: "users", idColumn: "id", ownerExpression: "id",
            columns: ["name", "email", "phone", "mobile", "other_emails", "address", "description", "custom_fields"]
        ),
        SealedTable(name: "agents", idColumn: "user_id", ownerExpression: "user_id", columns: ["signature"]),
        SealedTable(
            name: "companies", idColumn: "id", ownerExpression: nil, columns: ["name", "description", "note", "domains", "custom_fields"]),
        SealedTable(
            name: "tickets", idColumn: "id", ownerExpression: "requester_id",
            columns: ["subject", "description", "cc_emails", "fwd_emails", "reply_cc_emails", "ticket_cc_emails", "custom_fields"]
        ),
        SealedTable(
            name: "conversations", idColumn: "id",
            ownerExpression:
                "(SELECT t.requester_id FROM tickets t WHERE t.tenant_id = conversations.tenant_id AND t.id = conversations.ticket_id)",
            columns: ["body", "from_email", "to_emails", "cc_emails", "bcc_emails"]
        ),
        SealedTable(
            name: "time_entries", idColumn: "id",
            ownerExpression:
                "(SELECT t.requester_id FROM tickets t WHERE t.tenant_id = time_entries.tenant_id AND t.id = time_entries.ticket_id)",
            columns: ["note"]
        ),
        SealedTable(name: "domain_certificates", idColumn: "id", ownerExpression: nil, columns: ["private_key"]),
        SealedTable(name: "credentials", idColumn: "user_id", ownerExpression: "user_id", columns: ["totp_secret", "totp_pending"]),
        SealedTable(name: "sessions", idColumn: "id", ownerExpression: "user_id", columns: ["user_agent", "source_ip"]),
        SealedTable(name: "consents", idColumn: "id", ownerExpression: "user_id", columns: ["source_ip"]),
        SealedTable(name: "export_files", idColumn: "id", ownerExpression: nil, columns: ["content"]),
        SealedTable(name: "export_chunks", idColumn: "id", ownerExpression: nil, columns: ["content"]),
        SealedTable(
            name: "ticket_summaries", idColumn: "id",
            ownerExpression:
                "(SELECT t.requester_id FROM tickets t WHERE t.tenant_id = ticket_summaries.tenant_id AND t.id = ticket_summaries.ticket_id)",
            columns: ["body"]
        ),
        SealedTable(name: "satisfaction_ratings", idColumn: "id", ownerExpression: "user_id", columns: ["feedback"]),
        SealedTable(name: "forum_topics", idColumn: "id", ownerExpression: "user_id", columns: ["title"]),
        SealedTable(name: "forum_posts", idColumn: "id", ownerExpression: "user_id", columns: ["body"]),
        SealedTable(name: "scenario_automations", idColumn: "id", ownerExpression: nil, columns: ["actions"]),
        SealedTable(name: "canned_responses", idColumn: "id", ownerExpression: nil, columns: ["title", "content_html"]),
        SealedTable(name: "portal_logos", idColumn: "tenant_id", ownerExpression: nil, columns: ["content"]),
        SealedTable(name: "mail_settings", idColumn: "tenant_id", ownerExpression: nil, columns: ["smtp_url"]),
        SealedTable(
            name: "attachments", idColumn: "id",
            ownerExpression:
                "(SELECT t.requester_id FROM tickets t WHERE t.tenant_id = attachments.tenant_id AND t.id = attachments.ticket_id)",
            columns: ["name", "content"]
        ),
        SealedTable(name: "mail_messages", idColumn: "id", ownerExpression: nil, columns: ["message_id"]),
        SealedTable(name: "mail_outbox", idColumn: "id", ownerExpression: "owner_id", columns: ["recipients", "content"]),
    ]

    /// A row's key: its owner's, or the tenant's when the table (or, in the outbox, the row) has no owner.
    func scope(_ row: Row) throws -> KeyScope {
        guard self.ownerExpression != nil, let owner = try row.optionalInt("owner_id") else { return .tenant }
        return .subject(owner)
    }

    /// `SELECT *, <owner> AS owner_id FROM <table>`.
    var select: SQL {
        SQL(raw: "SELECT *, \(self.ownerExpression ?? "NULL") AS owner_id FROM \(self.name)")
    }

    /// True for a row holding at least one envelope older than `version`, or (with `plaintext`) a value in clear.
    /// PostgreSQL's sealed columns are BYTEA: a value in clear cannot be there, and every value is bytes.
    func needsWork(version: UInt32, plaintext: Bool, _ dialect: SQLDialect) -> SQL {
        let bound = ByteEncoding.u32(version)
        if plaintext, dialect == .postgres { return "false" }
        let isBytes = dialect == .postgres ? "true" : "typeof(%@) = 'blob'"
        var condition = SQL(raw: "(")
        for (offset, column) in self.columns.enumerated() {
            if offset > 0 { condition.append(raw: " OR ") }
            if plaintext {
                condition.append(raw: "typeof(\(column)) = 'text'")
            } else {
                let bytes = isBytes.replacingOccurrences("%@", with: column)
                condition.append(raw: "(\(bytes) AND length(\(column)) > 0 AND substr(\(column), 4, 4) < ")
                condition.append(bind: .blob(bound))
                condition.append(raw: ")")
            }
        }
        condition.append(raw: ")")
        return condition
    }
}

enum ByteEncoding {
    static func u32(_ value: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }
}
