/// The named ways past the row-level-security wall (storage.md §5). Some work is across tenants by nature: finding
/// the tenant an API key belongs to from its hash, claiming due jobs, renewing certificates, the index sweep. Each
/// such statement names its path (`SQL.across`), the session sets `haven.path` for exactly that statement, and
/// each table's policy admits the path only if it is listed for that table here — nothing else crosses.
public enum CrossTenantPath: String, Sendable, CaseIterable {
    /// An API key is presented without a tenant; its hash finds the key and so the tenant.
    case apiKeyLookup = "api-key-lookup"
    /// Background jobs are claimed from one queue for all tenants.
    case jobQueue = "job-queue"
    /// Certificates and custom domains are served and renewed by host name, before any tenant is known.
    case certificates = "certificates"
    /// The term indexer walks every tenant's new tickets.
    case indexSweep = "index-sweep"
    /// Which tenants have keys and which epochs they use: the start-up check (a damaged key directory is found
    /// before the first request) and the destruction of retired epoch keys.
    case keyCheck = "key-check"
    /// A session cookie is looked up by its hash, then checked against the host's tenant.
    case sessionLookup = "session-lookup"
    /// Sessions past their absolute timeout, removed for every tenant at once.
    case sessionSweep = "session-sweep"
    /// Invitation and password links are found by their token's hash.
    case accountLinks = "account-links"
    /// The outbox is drained for every tenant by one sender; the operator's status covers all tenants.
    case outbox = "outbox"
    /// Incoming mail finds its tenant by the address it was sent to; an address belongs to one tenant only.
    case mailRouting = "mail-routing"
    /// The local mail relay's token names the tenant it sends for.
    case mailRelay = "mail-relay"
    /// Agents whose access ended, with sessions or keys still to revoke.
    case accessEnds = "access-ends"
    /// Tickets whose SLA needs a look now, across tenants (the escalation service's queue; each row names its tenant).
    case slaSweep = "sla-sweep"
    /// Export files past their download window, removed for every tenant.
    case exportExpiry = "export-expiry"
    /// Which tenants have retention rules to apply.
    case retentionSweep = "retention-sweep"
    /// Each node adds its per-tenant request counts of the minute in one statement and reads the sums back.
    case rateWindows = "rate-windows"

    /// The tables each path may read and change across tenants.
    var tables: [String] {
        switch self {
        case .apiKeyLookup: return ["public.api_keys", "public.agents", "public.users"]
        case .jobQueue: return ["public.jobs"]
        case .certificates: return ["public.domain_certificates", "public.custom_domains"]
        case .indexSweep: return ["public.tickets", "idx.index_state"]
        case .keyCheck: return ["ks.tenant_key_state", "ks.tenant_keks"]
        case .sessionLookup, .sessionSweep: return ["public.sessions"]
        case .accountLinks: return ["public.account_tokens"]
        case .outbox: return ["public.mail_outbox"]
        case .mailRelay: return ["public.mail_relay_tokens"]
        case .mailRouting: return ["public.mail_addresses"]
        case .accessEnds: return ["public.agents", "public.sessions", "public.api_keys"]
        case .retentionSweep: return ["public.retention_rules"]
        case .slaSweep: return ["public.tickets"]
        case .exportExpiry: return ["public.export_files", "public.export_chunks"]
        case .rateWindows: return ["public.rate_windows"]
        }
    }

    /// The policy's condition for `table`: the transaction's tenant, or one of the paths listed for the table. Each
    /// setting is read in a scalar subquery, which PostgreSQL evaluates once per statement (an "InitPlan") rather
    /// than once per row: called per row, `haven_tenant()` made a list of 100 tickets three times as costly as the
    /// same statement without the wall. What the condition admits is the same either way.
    static func policyCondition(for table: String) -> String {
        let paths = Self.allCases.filter { $0.tables.contains(table) }.map { "'\($0.rawValue)'" }
        guard !paths.isEmpty else { return "tenant_id = (SELECT haven_tenant())" }
        return "CASE WHEN (SELECT current_setting('haven.path', true)) IN (\(paths.joined(separator: ", "))) THEN true "
            + "ELSE tenant_id = (SELECT haven_tenant()) END"
    }
}
