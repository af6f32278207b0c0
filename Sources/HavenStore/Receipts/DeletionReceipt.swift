public import HavenCore

/// A signed statement that something was deleted for good: what kind of deletion, in which tenant, how many of each
/// record, which key versions were destroyed (so the data is unreadable in every copy), and when. It names no
/// person and holds none of their data, so it can be kept forever and handed to a data subject or an auditor, who
/// checks it with the deployment's public key (`haven receipts verify FILE`).
public struct DeletionReceipt: Sendable, Equatable {
    public static let format = "haven-deletion-receipt/1"

    public enum Kind: String, Sendable {
        /// A contact deleted forever, with the tickets they requested and their key.
        case contactErased = "contact.erased"
        /// A terminated tenant purged: every row, token and key.
        case tenantPurged = "tenant.purged"
        /// A batch of a tenant's retention rules: closed tickets, or inactive contacts with their keys.
        case retention = "retention.run"
        /// A batch of the trash purge: tickets or companies deleted longer ago than the trash keeps them.
        case trashPurged = "trash.purged"
        /// A company deleted forever from "Deleted companies".
        case companyPurged = "company.purged"
    }

    public let id: String
    public let tenantID: TenantID
    public let kind: Kind
    /// Records deleted, by kind (`tickets`, `contacts`, table names for a purge), in a stable order.
    public let deleted: [(String, Int64)]
    /// The key versions destroyed, by the key they belonged to (`person`, `tenant data`, …).
    public let keysDestroyed: [(String, [Int64])]
    public let at: Timestamp

    public init(
        id: String, tenantID: TenantID, kind: Kind, deleted: [(String, Int64)], keysDestroyed: [(String, [Int64])], at: Timestamp
    ) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.deleted = deleted
        self.keysDestroyed = keysDestroyed
        self.at = at
    }

    /// The JSON that is signed: written once, stored and handed out byte for byte.
    public var body: String {
        JSONWriter.string(
            .object([
                "format": .string(Self.format), "id": .string(self.id), "tenant": .int(self.tenantID.rawValue),
                "kind": .string(self.kind.rawValue),
                "deleted": .object(JSONObject(self.deleted.map { ($0.0, .int($0.1)) })),
                "keys_destroyed": .array(
                    self.keysDestroyed.map { .object(["key": .string($0.0), "versions": .array($0.1.map { .int($0) })]) }),
                "at": .timestamp(self.at),
            ]))
    }

    public static func == (a: DeletionReceipt, b: DeletionReceipt) -> Bool { a.body == b.body }
}
