/// How one tenant's mail leaves: from one of its own support addresses (signed with a DKIM key of the tenant's for
/// that domain) and, when it has one, through its own smarthost. Nil fields: the deployment's defaults
/// (`{subdomain}@{mail domain}`, `HAVEN_SMTP_URL`).
public struct TenantMailSettings: Sendable, Equatable {
    /// One of the tenant's own addresses (`mail_addresses`); replies still come back through the mail domain.
    public var sendingAddress: String?
    /// `smtp://user:password@host:587` (or smtps://, smtp+insecure://): sealed at rest, never shown back in full.
    public var smtpURL: String?

    public init(sendingAddress: String? = nil, smtpURL: String? = nil) {
        self.sendingAddress = sendingAddress
        self.smtpURL = smtpURL
    }
}
