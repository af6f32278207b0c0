/// One version of a tenant's consent text. A version is never edited: changing the wording adds a version, so every
/// record in the ledger keeps pointing at the exact words the person agreed to, with their SHA-256.
public struct ConsentText: Sendable, Equatable {
    public var version: Int64
    public var text: String
    /// Lower-case hex SHA-256 of the text's UTF-8 bytes.
    public var sha256: String
    public var createdAt: Timestamp

    public init(version: Int64, text: String, sha256: String, createdAt: Timestamp) {
        self.version = version
        self.text = text
        self.sha256 = sha256
        self.createdAt = createdAt
    }

    public static let maxLength = 4_000
}

/// Where a consent was given or withdrawn.
public enum ConsentChannel: String, Sendable, CaseIterable {
    case portal
    case widget
    case api
}

/// One entry of the consent ledger: who gave or withdrew consent to which text version, when, from where and
/// through which channel. Entries are only ever added; the latest one for a person says where they stand.
public struct ConsentRecord: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: Int64
    public var contactID: UserID
    public var version: Int64
    public var sha256: String
    public var given: Bool
    public var channel: ConsentChannel
    public var recordedAt: Timestamp
    /// Personal data: sealed under the person's key at rest.
    public var sourceIP: String?

    public init(
        tenantID: TenantID, id: Int64, contactID: UserID, version: Int64, sha256: String, given: Bool, channel: ConsentChannel,
        recordedAt: Timestamp, sourceIP: String?
    ) {
        self.tenantID = tenantID
        self.id = id
        self.contactID = contactID
        self.version = version
        self.sha256 = sha256
        self.given = given
        self.channel = channel
        self.recordedAt = recordedAt
        self.sourceIP = sourceIP
    }
}

extension ConsentRecord {
    /// The record as the API and a data-subject package show it, with the wording it was given for.
    public func json(text: ConsentText?) -> JSONObject {
        [
            "id": .int(self.id), "contact_id": .id(self.contactID), "given": .bool(self.given), "version": .int(self.version),
            "text_sha256": .string(self.sha256), "text": .optional(text?.text), "channel": .string(self.channel.rawValue),
            "source_ip": .optional(self.sourceIP), "recorded_at": .timestamp(self.recordedAt),
        ]
    }
}
