import Foundation
public import HavenCore
public import HavenStore

/// One audit entry as readers see it: the stored fields with the details opened. Shared by the API, the export
/// (NDJSON and CSV) and the tests, so every reader shows an entry the same way.
public struct AuditRecord: Sendable {
    public let entry: StoredAuditEntry
    /// Nil when the details cannot be opened (`unavailable` says why).
    public let details: JSONObject?
    public let sourceIP: String?
    /// `erased` (the tenant's keys are gone) or `damaged`; nil when readable.
    public let unavailable: String?

    public init(entry: StoredAuditEntry, details: JSONObject?, sourceIP: String?, unavailable: String?) {
        self.entry = entry
        self.details = details
        self.sourceIP = sourceIP
        self.unavailable = unavailable
    }

    public var json: JSONObject {
        let e = self.entry
        var actor = JSONObject([("type", .string(e.actorType))])
        if let id = e.actorID { actor.append("agent_id", .int(id)) }
        if let key = e.actorKeyID { actor.append("api_key_id", .int(key)) }
        if let name = e.actorName { actor.append("name", .string(name)) }
        var object = JSONObject([
            ("id", .int(e.seq)),
            ("occurred_at", .timestamp(e.occurredAt)),
            ("actor", .object(actor)),
            ("source_ip", .optional(self.sourceIP)),
            ("action", .string(e.action)),
            ("target_type", .optional(e.targetType)),
            ("target_id", .optional(e.targetID)),
            ("details", self.details.map { .object($0) } ?? .null),
            ("hash", .string(e.hash.hexString)),
        ])
        if let unavailable = self.unavailable { object.append("details_unavailable", .string(unavailable)) }
        return object
    }

    public static let csvHeader = [
        "id", "occurred_at", "actor_type", "actor_agent_id", "actor_api_key_id", "actor_name", "source_ip", "action",
        "target_type", "target_id", "details", "hash",
    ]

    public var csvFields: [String] {
        let e = self.entry
        return [
            String(e.seq), e.occurredAt.iso8601, e.actorType, e.actorID.map(String.init) ?? "", e.actorKeyID.map(String.init) ?? "",
            e.actorName ?? "", self.sourceIP ?? "", e.action, e.targetType ?? "", e.targetID ?? "",
            self.details.map { JSONWriter.string(.object($0)) } ?? (self.unavailable.map { "(\($0))" } ?? ""), e.hash.hexString,
        ]
    }

    /// One CSV line: `CSV.line` (RFC 4180, formula-like cells neutralized).
    public static func csvLine(_ fields: [String]) -> String {
        CSV.line(fields)
    }
}
