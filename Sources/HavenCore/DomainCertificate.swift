/// A certificate uploaded for a tenant's custom domain. The private key travels only between the store and the TLS
/// certificate store; the API never shows it.
public struct DomainCertificate: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: Int64
    public var domain: String
    public var chainPEM: String
    public var privateKeyPEM: String
    public var fingerprint: String
    public var subjectAlternativeNames: [String]
    public var notBefore: Timestamp
    public var notAfter: Timestamp
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        tenantID: TenantID,
        id: Int64,
        domain: String,
        chainPEM: String,
        privateKeyPEM: String,
        fingerprint: String,
        subjectAlternativeNames: [String],
        notBefore: Timestamp,
        notAfter: Timestamp,
        createdAt: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.domain = domain
        self.chainPEM = chainPEM
        self.privateKeyPEM = privateKeyPEM
        self.fingerprint = fingerprint
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
