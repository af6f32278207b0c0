import Foundation
import HavenCore
import HavenCrypto
import HavenStore

/// Resolves the caller once, at the edge: the API key (HTTP Basic username; the password is ignored, as in
/// Freshdesk) names an agent of one tenant; a Host of `{subdomain}.{base_domain}` must name that same tenant.
public struct Authenticator: Sendable {
    let store: Store
    let baseDomain: String
    let clock: any HavenClock

    struct Caller: Sendable {
        let tenant: Tenant
        let owner: APIKeyOwner
    }

    /// The tenant subdomain a host names, if it is of the form `{label}.{base_domain}` (port ignored).
    func subdomain(ofHost host: String?) -> String? {
        Self.subdomain(ofHost: host, baseDomain: self.baseDomain)
    }

    /// The tenant subdomain a Host header names under `baseDomain` (the web channel resolves tenants the same way).
    public static func subdomain(ofHost host: String?, baseDomain: String) -> String? {
        HostAuthority(host)?.subdomain(of: baseDomain)
    }

    func authenticate(authorization: String?, host: String?) async throws -> Caller {
        guard let key = Self.apiKey(fromAuthorization: authorization) else { throw HavenError.unauthenticated }
        let hash = APIKeys.hash(key)
        let caller: Caller
        if let (owner, tenant) = self.store.credentials.lookup(hash) {
            caller = Caller(tenant: tenant, owner: owner)
        } else {
            guard
                let (owner, tenant) = try await self.store.read({ sql in try await self.store.apiKeys.ownerAndTenant(hash: hash, on: sql) })
            else { throw HavenError.unauthenticated }
            self.store.credentials.remember(hash, owner, tenant)
            caller = Caller(tenant: tenant, owner: owner)
        }
        // A tenant host must match the key's tenant; an unknown tenant host is refused the same way.
        if let subdomain = self.subdomain(ofHost: host), subdomain != caller.tenant.subdomain {
            throw HavenError.unauthenticated
        }
        // An expired key, or one of an occasional agent whose access ended, authenticates nobody.
        guard caller.owner.isCurrent(at: self.clock.now()) else { throw HavenError.unauthenticated }
        guard caller.tenant.status == .active else {
            throw HavenError.forbidden(code: "account_suspended", message: "Your account has been suspended.")
        }
        return caller
    }

    /// After a failed authentication: the tenant the request was aimed at — the one its host names, else the one
    /// its key belongs to — so the failure is counted in that tenant's audit log; nil when neither names one.
    func targetTenant(authorization: String?, host: String?) async throws -> TenantID? {
        try await self.store.read { sql -> TenantID? in
            if let subdomain = self.subdomain(ofHost: host) {
                return try await self.store.tenants.find(subdomain: subdomain, on: sql)?.id
            }
            guard let key = Self.apiKey(fromAuthorization: authorization) else { return nil }
            return try await self.store.apiKeys.ownerAndTenant(hash: APIKeys.hash(key), on: sql)?.1.id
        }
    }

    /// The username of `Authorization: Basic base64(user:password)`. Any password is accepted, including none.
    static func apiKey(fromAuthorization header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic" else { return nil }
        guard let data = Data(base64Encoded: String(parts[1]).trimmingWhitespace()),
            let decoded = String(data: data, encoding: .utf8)
        else { return nil }
        let user = decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard !user.isEmpty, user.utf8.count <= 128 else { return nil }
        return String(user)
    }
}
