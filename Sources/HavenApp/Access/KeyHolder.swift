import HavenCore
import HavenCrypto
import HavenStore

/// The agent an API key names, for a command-line tool that acts as that agent (`haven export`): an operator at the
/// console of the machine reads no helpdesk content of their own right (`AccessPolicy`), so exporting takes an agent's
/// key, checked as the API's edge checks it — a key of this tenant, current, not read-only, the tenant active. The
/// key's address allowlist does not apply: the command runs on the server itself, not over the network.
public enum KeyHolder {
    public static func principal(apiKey: String, tenant subdomain: String, helpdesk: Helpdesk) async throws -> Principal {
        let store = helpdesk.store
        guard
            let (owner, tenant) = try await store.read({ sql in try await store.apiKeys.ownerAndTenant(hash: APIKeys.hash(apiKey), on: sql)
            }),
            tenant.subdomain == subdomain, owner.isCurrent(at: helpdesk.clock.now())
        else { throw HavenError.usage("HAVEN_API_KEY is not a current API key of an agent of '\(subdomain)'") }
        guard tenant.status == .active else { throw HavenError.usage("The tenant '\(subdomain)' is not active") }
        guard !owner.readOnly else { throw HavenError.usage("HAVEN_API_KEY is read-only; an export takes a key that may act") }
        return .agent(owner.agentID, role: owner.role, apiKey: owner.keyID, tenant: tenant.id)
    }
}
