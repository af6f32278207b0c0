public import HavenCore
public import HavenStore

/// Re-computes a tenant's audit chain from its anchor (or the start) and names the first entry that does not
/// verify: changed, deleted (a gap), inserted or reordered, or forged without the chain key.
public struct AuditVerifier: Sendable {
    let store: Store
    var repository: any AuditRepository { self.store.auditEntries }
    static let pageSize = 500

    public init(store: Store) {
        self.store = store
    }

    public enum Result: Sendable, Equatable {
        case intact(entries: Int)
        /// `seq` is the sequence number where the chain breaks (the expected one when an entry is missing).
        case broken(seq: Int64, reason: String)
    }

    public func verify(_ tenant: TenantID) async throws -> Result {
        try await self.store.read { sql in
            let key = try await self.store.keys.indexes(tenant, on: sql).auditChain
            let anchor = try await self.repository.anchor(tenant, on: sql)
            if let anchor,
                anchor.mac != AuditChain.anchorMAC(tenant: tenant, firstSeq: anchor.firstSeq, prevHash: anchor.prevHash, key: key)
            {
                return .broken(
                    seq: anchor.firstSeq,
                    reason:
                        "the purge anchor at entry \(anchor.firstSeq) does not verify (forged or changed: entries before it may be hidden)")
            }
            var expectedSeq = anchor?.firstSeq ?? 1
            var previous = anchor?.prevHash ?? AuditChain.genesis
            var count = 0
            while true {
                let page: [StoredAuditEntry]
                do {
                    page = try await self.repository.entries(tenant, afterSeq: expectedSeq - 1, limit: Self.pageSize, on: sql)
                } catch let error as HavenError {
                    return .broken(seq: expectedSeq, reason: "an entry from \(expectedSeq) on cannot be read (\(error.message))")
                }
                for entry in page {
                    guard entry.seq == expectedSeq else {
                        return .broken(
                            seq: expectedSeq, reason: "entry \(expectedSeq) is missing (deleted), the next entry is \(entry.seq)")
                    }
                    guard entry.prevHash == previous else {
                        return .broken(
                            seq: entry.seq, reason: "entry \(entry.seq) does not follow the entry before it (inserted or reordered)")
                    }
                    guard AuditChain.hash(entry, previous: previous, key: key) == entry.hash else {
                        return .broken(
                            seq: entry.seq, reason: "entry \(entry.seq) does not verify (changed, or written without the chain key)")
                    }
                    previous = entry.hash
                    expectedSeq += 1
                    count += 1
                }
                if page.count < Self.pageSize { return .intact(entries: count) }
            }
        }
    }
}
