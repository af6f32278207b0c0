public import Crypto
public import HavenCore

/// The hash chain over a tenant's audit entries: each entry's hash is
/// `HMAC-SHA256(chain key, previous hash ‖ canonical encoding of the entry)`, the sealed details included — so
/// shredding a person's or tenant's data key never breaks verification.
///
/// Keyed (HMAC, not a bare hash) because a bare hash chain can be extended by anyone who can write the table: a
/// forged entry appended with a correctly computed hash would verify. The chain key lives in the keystore (derived
/// from the tenant's blind-index root key), never in the data database.
public enum AuditChain {
    public static let genesis = [UInt8](repeating: 0, count: 32)

    public static func hash(_ e: StoredAuditEntry, previous: [UInt8], key: SymmetricKey) -> [UInt8] {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: previous)
        mac.update(data: self.encoding(e))
        return Array(mac.finalize())
    }

    /// Authenticates a purge anchor ("the log now starts at `firstSeq`, after `prevHash`"), so an attacker cannot
    /// delete old entries and write an anchor that hides the gap.
    public static func anchorMAC(tenant: TenantID, firstSeq: Int64, prevHash: [UInt8], key: SymmetricKey) -> [UInt8] {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array("haven/audit-anchor/v1".utf8))
        for value in [tenant.rawValue, firstSeq] {
            mac.update(data: (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> UInt64(56 - 8 * $0)) })
        }
        mac.update(data: prevHash)
        return Array(mac.finalize())
    }

    /// Every field, length-prefixed, optional ones with a presence byte: no two different entries encode alike.
    static func encoding(_ e: StoredAuditEntry) -> [UInt8] {
        var out: [UInt8] = []
        func u64(_ value: Int64) {
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> UInt64(shift)))
            }
        }
        func bytes(_ value: [UInt8]) {
            u64(Int64(value.count))
            out.append(contentsOf: value)
        }
        func text(_ value: String?) {
            guard let value else { return out.append(0) }
            out.append(1)
            bytes(Array(value.utf8))
        }
        func number(_ value: Int64?) {
            guard let value else { return out.append(0) }
            out.append(1)
            u64(value)
        }
        out.append(contentsOf: Array("haven/audit/v1".utf8))
        u64(e.tenantID.rawValue)
        u64(e.seq)
        u64(e.occurredAt.secondsSince1970)
        text(e.actorType)
        number(e.actorID)
        number(e.actorKeyID)
        text(e.actorName)
        text(e.action)
        text(e.targetType)
        text(e.targetID)
        bytes(e.details)
        return out
    }
}
