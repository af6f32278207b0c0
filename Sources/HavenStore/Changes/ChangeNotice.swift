public import HavenCore

/// A change that nodes sharing one database must hear about, because they keep what it changed in memory. A write
/// announces it in its transaction (`SQLExecutor.changed`): this process forgets the cached value at once and again
/// after the commit; on PostgreSQL the notice also travels to the other nodes (`NOTIFY`, delivered only if the
/// transaction commits), whose `ChangeFollower` forgets the same. On SQLite there is one server per database, and
/// another process (the CLI) reaches it through the caches' short lifetimes.
public enum ChangeNotice: Sendable, Hashable {
    /// A tenant's ticket field definitions (`TicketFieldCache`).
    case ticketFields(TenantID)
    /// A tenant's SLA setup (policies, business hours, group escalations).
    case slaSetup(TenantID)
    /// A tenant's skills (routing remembers tenants that have none).
    case skills(TenantID)
    /// A tenant's security policy (IP allowlists, sign-in rules).
    case securityPolicy(TenantID)
    /// API keys, roles or agents: anything that can take a key's power away (`CredentialCache`).
    case credentials
    /// A tenant's keystore: its keys rotated or re-wrapped, or a key destroyed (crypto-shredding).
    case keys(TenantID)
    /// Served certificates of custom domains.
    case certificates
    /// The host names Haven serves (a tenant's subdomain, a custom domain).
    case hosts
    /// Anything may have changed: what a node hears when it (re)starts following, having possibly missed notices.
    case everything

    /// The channel every node listens on.
    static let channel = "haven_changes"

    /// The notice as sent: short, and without anything but ids (a NOTIFY payload is visible to every session of the
    /// database that listens).
    var payload: String {
        switch self {
        case .ticketFields(let tenant): return "fields \(tenant.rawValue)"
        case .slaSetup(let tenant): return "sla \(tenant.rawValue)"
        case .skills(let tenant): return "skills \(tenant.rawValue)"
        case .securityPolicy(let tenant): return "policy \(tenant.rawValue)"
        case .credentials: return "credentials"
        case .keys(let tenant): return "keys \(tenant.rawValue)"
        case .certificates: return "certificates"
        case .hosts: return "hosts"
        case .everything: return "everything"
        }
    }

    init?(payload: String) {
        let parts = payload.split(separator: " ")
        let tenant = parts.count == 2 ? Int64(parts[1]).map(TenantID.init) : nil
        switch (parts.first, tenant) {
        case ("fields", .some(let tenant)): self = .ticketFields(tenant)
        case ("sla", .some(let tenant)): self = .slaSetup(tenant)
        case ("skills", .some(let tenant)): self = .skills(tenant)
        case ("policy", .some(let tenant)): self = .securityPolicy(tenant)
        case ("keys", .some(let tenant)): self = .keys(tenant)
        case ("credentials", nil) where parts.count == 1: self = .credentials
        case ("certificates", nil) where parts.count == 1: self = .certificates
        case ("hosts", nil) where parts.count == 1: self = .hosts
        case ("everything", nil) where parts.count == 1: self = .everything
        default: return nil
        }
    }
}

extension SQLExecutor {
    /// Announces `notice` for the change this transaction makes: `forget` runs now (a later statement of the same
    /// batch must not find what this one changed), and once the transaction commits every node's `ChangeFeed` —
    /// this one's included, which forgets again what a reader may have cached meanwhile — hears the notice.
    func changed(_ notice: ChangeNotice, forget: @Sendable () -> Void) {
        forget()
        self.transaction?.announce(notice)
    }
}
