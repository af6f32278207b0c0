/// A support address of a tenant as Freshdesk's `email_configs` and `email/mailboxes` show it: the built-in
/// `{subdomain}@{mail domain}` (id 1) or one of the tenant's own, forwarded to Haven (id 2 and up).
public struct SupportAddress: Sendable, Equatable {
    public var id: Int64
    public var address: String
    /// The built-in address every tenant has.
    public var isBuiltIn: Bool
    /// Haven's mail to customers comes from this address (`TenantMailSettings.sendingAddress`, else the built-in).
    public var isPrimary: Bool
    public var createdAt: Timestamp

    public init(id: Int64, address: String, isBuiltIn: Bool, isPrimary: Bool, createdAt: Timestamp) {
        self.id = id
        self.address = address
        self.isBuiltIn = isBuiltIn
        self.isPrimary = isPrimary
        self.createdAt = createdAt
    }
}
