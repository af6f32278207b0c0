import Crypto
public import HavenCore
public import HavenMail
import HavenStore

/// DKIM keys: the deployment's mail domain's, and one per tenant for each domain of its own it sends from (two
/// tenants sending from one domain each have their own key and selector). Each is generated on first use and kept
/// as a deployment secret (sealed in the keystore under the active epoch key). A selector is derived from its key,
/// so a new key (after an epoch key was destroyed) comes with a new selector and a new DNS record to publish, never a
/// silent mismatch.
public struct MailSigning: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// The mail domain's signer (mail from `{subdomain}@{mail domain}`).
    public func signer() async throws -> DKIMSigner {
        let domain = self.helpdesk.settings.mailDomain
        return try await self.signer(secret: "dkim:\(domain)", domain: domain)
    }

    /// The signer for mail a tenant sends from `domain`: the mail domain's, or the tenant's own key for its domain.
    public func signer(tenant: TenantID, domain: String) async throws -> DKIMSigner {
        let domain = domain.lowercased()
        guard domain != self.helpdesk.settings.mailDomain else { return try await self.signer() }
        return try await self.signer(secret: "dkim:tenant:\(tenant.rawValue):\(domain)", domain: domain)
    }

    /// The signer for a tenant's current sending address (what Admin → E-mail shows the DNS record of).
    public func signer(for principal: Principal) async throws -> DKIMSigner {
        let store = self.helpdesk.store
        let settings = try await self.helpdesk.query(by: principal, needs: .manageDomains) { sql in
            try await store.mail.settings(principal.tenant, on: sql)
        }
        guard let address = settings.sendingAddress, let at = address.lastIndex(of: "@") else { return try await self.signer() }
        return try await self.signer(tenant: principal.tenant, domain: String(address[address.index(after: at)...]))
    }

    private func signer(secret: String, domain: String) async throws -> DKIMSigner {
        let der = try await DeploymentSecrets(store: self.helpdesk.store).loadOrCreate(secret) {
            (try? DKIMSigner.generateKey()) ?? []
        }
        let probe = try DKIMSigner(domain: domain, selector: "x", privateKeyDER: der)
        let digest = SHA256.hash(data: Array(probe.dnsRecord.utf8))
        return try DKIMSigner(domain: domain, selector: "haven" + Array(digest).prefix(3).hexString, privateKeyDER: der)
    }
}
