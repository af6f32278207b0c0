import HavenCore

extension Store {
    /// The store's caches forget what each `ChangeNotice` names, whichever node made the change.
    static func followNotices(
        _ feed: ChangeFeed, keys: KeyRing, credentials: CredentialCache, policies: SecurityPolicyCache,
        ticketFields: TicketFieldCache, slaSetups: TenantCache<SLAClock.Setup>, withoutSkills: TenantCache<Bool>
    ) {
        feed.subscribe { notice in
            switch notice {
            case .ticketFields(let tenant): ticketFields.invalidate(tenant)
            case .slaSetup(let tenant): slaSetups.invalidate(tenant)
            case .skills(let tenant): withoutSkills.invalidate(tenant)
            case .securityPolicy(let tenant): policies.forget(tenant)
            case .credentials: credentials.clear()
            case .keys(let tenant): keys.invalidate(tenant)
            case .certificates, .hosts: break  // the server's own (`ChangeFollower`)
            case .everything:
                ticketFields.invalidateAll()
                slaSetups.invalidateAll()
                withoutSkills.invalidateAll()
                policies.forgetAll()
                credentials.clear()
                keys.invalidateAll()
            }
        }
    }
}
