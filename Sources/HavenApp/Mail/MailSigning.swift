import Crypto
import HavenCore
public import HavenMail
import HavenStore

/// The DKIM key of the deployment's mail domain: generated on first use and kept as a deployment secret (sealed in
/// the keystore under the active epoch key). Its selector is derived from the key, so a new key (after an epoch key
/// was destroyed) comes with a new selector and a new DNS record to publish, never a silent mismatch.
public struct MailSigning: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func signer() async throws -> DKIMSigner {
        let domain = self.helpdesk.settings.mailDomain
        let der = try await DeploymentSecrets(store: self.helpdesk.store).loadOrCreate("dkim:\(domain)") {
            (try? DKIMSigner.generateKey()) ?? []
        }
        let probe = try DKIMSigner(domain: domain, selector: "x", privateKeyDER: der)
        let digest = SHA256.hash(data: Array(probe.dnsRecord.utf8))
        return try DKIMSigner(domain: domain, selector: "haven" + Array(digest).prefix(3).hexString, privateKeyDER: der)
    }
}
