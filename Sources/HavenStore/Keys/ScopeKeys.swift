public import Crypto
public import HavenCore
public import HavenCrypto

/// The versions of one scope key (a tenant data key or one subject's key): the primary seals, all of them open.
public struct ScopeKeys: Sendable {
    public let primary: UInt32
    public let versions: [UInt32: SymmetricKey]
}

/// The blind indexes of one tenant, each keyed from the tenant's blind-index root key (encryption.md §10.5). The
/// widths follow the doc: 16 bits for single values (many coincidences, little leakage), 24 bits for words.
public struct TenantIndexes: Sendable {
    public let email: BlindIndex
    public let phone: BlindIndex
    public let namePrefix: BlindIndex
    public let companyName: BlindIndex
    public let word: BlindIndex
    /// Keys the audit log's hash chain (HMAC), so nobody without the keystore can forge an entry that verifies.
    public let auditChain: SymmetricKey
    /// Keys the sign-in lockout's subjects (an e-mail address or a source address), so the lock table holds neither.
    let signInSubjectKey: SymmetricKey
    /// Keys the digests of mail Message-IDs (threading and retry detection without keeping the ids).
    let messageIDKey: SymmetricKey

    init(root: SymmetricKey) {
        func index(_ table: String, _ column: String, _ name: String, bits: Int) -> BlindIndex {
            BlindIndex(key: KeyDerivation.indexKey(from: root, table: table, column: column, index: name), bits: bits)
        }
        self.email = index("contacts", "email", "email_eq", bits: 16)
        self.phone = index("contacts", "phone", "phone_eq", bits: 16)
        self.namePrefix = index("contacts", "name", "prefix2", bits: 16)
        self.companyName = index("companies", "name", "name_eq", bits: 16)
        self.word = index("tickets", "body", "word", bits: 24)
        self.auditChain = KeyDerivation.indexKey(from: root, table: "audit_events", column: "hash", index: "chain")
        self.signInSubjectKey = KeyDerivation.indexKey(from: root, table: "sign_in_locks", column: "subject", index: "subject")
        self.messageIDKey = KeyDerivation.indexKey(from: root, table: "mail_messages", column: "digest", index: "message_id")
    }

    /// The lockout's name for a subject (`account:…`, `address:…`): a keyed hash, so the table holds no e-mail or IP.
    public func signInSubject(_ text: String) -> String {
        SecretTokens.keyedHash(text, key: self.signInSubjectKey)
    }

    /// The signature in a ticket's reply address (`sub+t.{ticket}.{token}@…`): a reply to it threads into that ticket
    /// even when the mail client drops In-Reply-To, and nobody can forge an address for another ticket.
    public func replyToken(ticket: TicketID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("reply-to/\(ticket.rawValue)".utf8), using: self.messageIDKey)
        // 10 base-32 characters (50 bits), lower-case: survives mail systems that change the case of local parts.
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var bits: UInt64 = 0
        for byte in Array(mac).prefix(8) { bits = bits << 8 | UInt64(byte) }
        return String((0..<10).map { alphabet[Int((bits >> UInt64(59 - $0 * 5)) & 31)] })
    }

    /// A mail Message-ID's digest (HMAC-SHA256, first 16 bytes): ids are compared as written, without brackets.
    public func messageDigest(_ messageID: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(messageID.utf8), using: self.messageIDKey).prefix(16))
    }

    /// Autocomplete looks contacts up by the first two characters of their normalized name: one token per contact
    /// (encryption.md §10.5 warns that every extra prefix length adds leakage); candidates are checked in memory.
    public static let prefixLength = 2

    public static func namePrefix(_ name: String) -> String {
        String(TextNormalizer.name(name).prefix(Self.prefixLength))
    }
}
