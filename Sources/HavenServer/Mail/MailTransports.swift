public import HavenApp
public import HavenCore
public import HavenMail
import HavenStore
import NIOSSL

/// How one tenant's mail goes out: through the tenant's own smarthost when it set one, else the deployment's
/// (`HAVEN_SMTP_URL`; nil when neither exists: the mail waits), signed with the DKIM key of the From's domain.
/// `HAVEN_SMTP_CA_BUNDLE` is the only trust for the deployment's smarthost, and trusted beside the system's roots
/// for tenants' own.
public struct MailTransports: Sendable {
    let helpdesk: Helpdesk
    let deployment: SMTPClient?
    let extraRoots: [NIOSSLCertificate]?

    public init(helpdesk: Helpdesk, mail: ServerConfiguration.MailSettings) throws {
        self.helpdesk = helpdesk
        self.deployment = try SMTPClient.configured(mail, heloName: helpdesk.settings.mailDomain)
        self.extraRoots = self.deployment?.settings.trustRoots
    }

    /// The smarthost for the tenant's mail, or nil when there is none. A tenant's own smarthost is resolved here and
    /// reached at an address checked not to be local or private (unless the operator allows it): a failed
    /// connection, retried, when it is.
    public func client(for tenant: TenantID) async throws -> SMTPClient? {
        let store = self.helpdesk.store
        let settings = try await store.read { sql in try await store.mail.settings(tenant, on: sql) }
        guard let url = settings.smtpURL else { return self.deployment }
        var parsed = try SMTPClient.Settings.parse(url, heloName: self.helpdesk.settings.mailDomain, name: "the tenant's smarthost URL")
        parsed.additionalTrustRoots = self.extraRoots
        if !self.helpdesk.settings.tenantSmarthostsMayBeLocal {
            do {
                parsed.connectAddress = try await SmarthostAddress.publicAddress(of: parsed.host)
            } catch let refused as SmarthostAddress.Refused {
                throw SMTPClient.Failure.connection(refused.description)
            }
        }
        return SMTPClient(settings: parsed)
    }

    /// The signer for mail the tenant sends from `sender`.
    public func signer(for tenant: TenantID, sender: String) async throws -> DKIMSigner {
        let domain = sender.lastIndex(of: "@").map { String(sender[sender.index(after: $0)...]) } ?? self.helpdesk.settings.mailDomain
        return try await MailSigning(self.helpdesk).signer(tenant: tenant, domain: domain)
    }
}
