import Foundation
public import HavenCore
import HavenCrypto
public import HavenStore

/// An archive file: a run of a tenant's audit entries exactly as stored (hashes and sealed details included, so the
/// run still verifies), written as NDJSON and sealed as one envelope under the tenant's data key. The file name
/// carries what retention needs without opening it: tenant, first and last entry, and when it was written.
public struct AuditArchive: Sendable, Equatable {
    public let tenant: TenantID
    public let firstSeq: Int64
    public let lastSeq: Int64
    public let createdAt: Timestamp

    static let fileExtension = ".haven-audit"
    static let place = (table: "audit_archives", column: "entries")

    public var fileName: String {
        "tenant-\(self.tenant)-entries-\(self.firstSeq)-\(self.lastSeq)-at-\(self.createdAt.secondsSince1970)\(Self.fileExtension)"
    }

    public init(tenant: TenantID, firstSeq: Int64, lastSeq: Int64, createdAt: Timestamp) {
        self.tenant = tenant
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.createdAt = createdAt
    }

    /// Parses a file name written by `fileName`; nil for any other file.
    public init?(fileName: String) {
        guard fileName.hasPrefix("tenant-"), fileName.hasSuffix(Self.fileExtension) else { return nil }
        let parts = fileName.dropFirst("tenant-".count).dropLast(Self.fileExtension.count).split(separator: "-")
        guard parts.count == 6, parts[1] == "entries", parts[4] == "at",
            let tenant = Int64(parts[0]), let first = Int64(parts[2]), let last = Int64(parts[3]), let created = Int64(parts[5])
        else { return nil }
        self.init(tenant: TenantID(tenant), firstSeq: first, lastSeq: last, createdAt: Timestamp(secondsSince1970: created))
    }

    /// The sealed file content for `entries`.
    static func seal(_ entries: [StoredAuditEntry], tenant: TenantID, firstSeq: Int64, on sql: SQLExecutor, store: Store) async throws
        -> [UInt8]
    {
        let lines = entries.map { JSONWriter.string(.object(Self.encode($0))) }.joined(separator: "\n")
        let sealer = try await store.keys.sealer(tenant, .tenant, on: sql)
        guard case .blob(let bytes) = try sealer.seal(lines, Self.place.table, Self.place.column, firstSeq) else {
            throw HavenError.internalFailure("archive sealing returned no envelope")
        }
        return bytes
    }

    /// Opens an archive file: the entries as they were stored.
    public static func open(path: String, store: Store) async throws -> [StoredAuditEntry] {
        let name = (path as NSString).lastPathComponent
        guard let archive = AuditArchive(fileName: name) else { throw HavenError.usage("\(name) is not an audit archive file") }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let text = try await store.read { sql in
            try await store.keys.sealer(archive.tenant, .tenant, on: sql).open(
                .blob(bytes), Self.place.table, Self.place.column, archive.firstSeq)
        }
        return try (text ?? "").split(separator: "\n").map { line in
            guard case .object(let object) = try JSONParser.parse(String(line)) else {
                throw HavenError.internalFailure("archive line is not an object")
            }
            return try Self.decode(object, tenant: archive.tenant)
        }
    }

    static func encode(_ e: StoredAuditEntry) -> JSONObject {
        JSONObject([
            ("seq", .int(e.seq)), ("occurred_at", .int(e.occurredAt.secondsSince1970)), ("actor_type", .string(e.actorType)),
            ("actor_id", .optional(e.actorID)), ("actor_key_id", .optional(e.actorKeyID)), ("actor_name", .optional(e.actorName)),
            ("action", .string(e.action)), ("target_type", .optional(e.targetType)), ("target_id", .optional(e.targetID)),
            ("details", .string(Data(e.details).base64EncodedString())), ("prev_hash", .string(e.prevHash.hexString)),
            ("hash", .string(e.hash.hexString)),
        ])
    }

    static func decode(_ o: JSONObject, tenant: TenantID) throws -> StoredAuditEntry {
        func text(_ key: String) -> String? { o[key]?.stringValue }
        func bytes(hex key: String) throws -> [UInt8] {
            guard let value = text(key), let bytes = [UInt8](hex: value) else {
                throw HavenError.internalFailure("archive \(key) is not hex")
            }
            return bytes
        }
        guard let seq = o["seq"]?.intValue, let at = o["occurred_at"]?.intValue, let actorType = text("actor_type"),
            let action = text("action"), let details = text("details").flatMap({ Data(base64Encoded: $0) })
        else { throw HavenError.internalFailure("archive entry is incomplete") }
        return StoredAuditEntry(
            tenantID: tenant, seq: seq, occurredAt: Timestamp(secondsSince1970: at), actorType: actorType,
            actorID: o["actor_id"]?.intValue, actorKeyID: o["actor_key_id"]?.intValue, actorName: text("actor_name"), action: action,
            targetType: text("target_type"), targetID: text("target_id"), details: [UInt8](details),
            prevHash: try bytes(hex: "prev_hash"), hash: try bytes(hex: "hash")
        )
    }
}
