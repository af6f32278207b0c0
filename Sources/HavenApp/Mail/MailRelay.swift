public import HavenCore
import HavenCrypto
import HavenStore

/// Mail posted over HTTP by a hosted relay (`POST /mail/inbound`, `message/rfc822`) instead of LMTP: each tenant has
/// one relay token, shown once, stored only as its hash; it can post mail for that tenant and do nothing else.
public struct MailRelay: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// A new token for the principal's tenant (the previous one stops working). Audited.
    public func issueToken(by principal: Principal) async throws -> String {
        let token = "mr_" + self.helpdesk.store.random.hex(count: 24)
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageDomains) { change in
            try await store.mail.setRelayToken(change.tenant, hash: APIKeys.hash(token), at: change.now, on: change.sql)
            try await change.record(.mailRelayTokenIssued, .tenant(change.tenant))
        }
        return token
    }

    /// The tenant a presented token belongs to, or nil (unknown, revoked, or a terminated tenant).
    public func tenant(forToken token: String) async throws -> TenantID? {
        guard token.hasPrefix("mr_"), token.utf8.count <= 128 else { return nil }
        let store = self.helpdesk.store
        return try await store.read { sql in
            guard let tenant = try await store.mail.relayTenant(tokenHash: APIKeys.hash(token), on: sql),
                try await store.tenants.find(tenant, on: sql)?.status == .active
            else { return nil }
            return tenant
        }
    }
}
