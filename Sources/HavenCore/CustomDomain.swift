/// A tenant's custom portal domain: the name, the CNAME target Haven generated for it, and where it stands
/// (`DomainStatus`). The certificate itself is kept with the uploaded ones (`DomainCertificate`).
public struct CustomDomain: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: Int64
    public var domain: String
    /// Unique per domain, under `HAVEN_CNAME_BASE`; a new one each time the domain is added.
    public var cnameTarget: String
    public var status: DomainStatus
    /// When the domain started waiting for its DNS (the re-check interval grows with it).
    public var awaitingSince: Timestamp?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: Int64, domain: String, cnameTarget: String, createdAt: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.domain = domain
        self.cnameTarget = cnameTarget
        self.status = .added(at: createdAt)
        self.awaitingSince = createdAt
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
