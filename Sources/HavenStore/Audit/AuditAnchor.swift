/// Where a purged log now starts: the first kept sequence number, the hash before it, and a MAC over both.
public struct AuditAnchor: Sendable, Equatable {
    public var firstSeq: Int64
    public var prevHash: [UInt8]
    public var mac: [UInt8]

    public init(firstSeq: Int64, prevHash: [UInt8], mac: [UInt8]) {
        self.firstSeq = firstSeq
        self.prevHash = prevHash
        self.mac = mac
    }
}
