public import HavenCore
import HavenStore
import HavenTLS

/// Adding, listing and removing a tenant's custom portal domains: the one use case behind `/custom_domains` and
/// `haven domains add|list|remove`. Each change is one transaction with its audit event.
public struct CustomDomains: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    var store: Store { self.helpdesk.store }
    var settings: HelpdeskSettings { self.helpdesk.settings }

    /// Validates and adds `input` (IDNs converted to Punycode) with a fresh CNAME target, awaiting activation.
    public func add(_ input: String, by principal: Principal) async throws -> CustomDomain {
        try principal.require(.manageDomains)
        let (normalized, problem) = DomainName.normalize(input)
        guard let domain = normalized else {
            throw HavenError.validation([.invalid("domain", "The domain \(problem ?? "is not valid")")])
        }
        let base = self.settings.baseDomain.lowercased()
        if domain == base || domain.hasSuffix("." + base) || domain.hasSuffix("." + self.settings.resolvedCNAMEBase) {
            throw HavenError.validation([
                .invalid("domain", "Hosts under \(base) are Haven's own; every tenant already has {subdomain}.\(base)")
            ])
        }
        return try await self.helpdesk.change(by: principal, needs: .manageDomains) { change in
            let sql = change.sql
            let tenant = change.tenant
            if let holder = try await self.store.customDomains.holder(ofDomain: domain, on: sql) {
                throw HavenError.conflict([
                    FieldError(
                        field: "domain",
                        message: holder == tenant ? "The domain is already added" : "The domain is already in use",
                        code: .duplicateValue)
                ])
            }
            let id = try await IDSequences.next("custom_domains", on: sql)
            // 80 random bits: unguessable, so a target cannot be claimed by someone who has not been shown it.
            let target = "d-\(self.store.random.hex(count: 10)).\(self.settings.resolvedCNAMEBase)"
            let added = CustomDomain(tenantID: tenant, id: id, domain: domain, cnameTarget: target, createdAt: change.now)
            try await self.store.customDomains.insert(added, on: sql)
            try await change.record(
                .customDomainAdded, .customDomain(id), details: ["domain": .string(domain), "cname_target": .string(target)])
            return added
        }
    }

    public func find(_ id: Int64, by principal: Principal) async throws -> CustomDomain {
        try await self.helpdesk.query(by: principal, needs: .manageDomains) { sql in
            guard let domain = try await self.store.customDomains.find(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return domain
        }
    }

    public func list(by principal: Principal) async throws -> [CustomDomain] {
        try await self.helpdesk.query(by: principal, needs: .manageDomains) { sql in
            try await self.store.customDomains.list(principal.tenant, on: sql)
        }
    }

    /// What `haven domains check` and `GET /custom_domains/{id}/check` report: every cause of "connection not
    /// secure" Haven can see from outside.
    public func diagnose(_ id: Int64, by principal: Principal) async throws -> JSONObject {
        let domain = try await self.find(id, by: principal)
        return try await DomainDiagnosis(store: self.store, settings: self.settings.domainChecks).run(domain)
    }

    /// The operator's `haven domains check NAME`: the diagnosis of a domain whichever tenant added it (the lookup
    /// by name crosses tenants on purpose; the diagnosis itself runs as the operator acting for that tenant).
    public func diagnose(domainNamed name: String, command: String) async throws -> JSONObject {
        let store = self.store
        guard let domain = try await store.read({ sql in try await store.customDomains.find(domain: name, on: sql) }) else {
            throw HavenError.usage("No tenant has added the custom domain \(name)")
        }
        return try await self.diagnose(domain.id, by: .cliOperator(command, tenant: domain.tenantID))
    }

    /// Removes a domain (by id, or by name for the CLI) and the certificate Haven holds for it, so it is no longer
    /// served (this node's sync drops it within its interval); its CNAME target is never reused.
    public func remove(id: Int64?, domain name: String? = nil, by principal: Principal) async throws -> CustomDomain {
        try await self.helpdesk.change(by: principal, needs: .manageDomains) { change in
            let sql = change.sql
            let tenant = change.tenant
            var found: CustomDomain?
            if let id { found = try await self.store.customDomains.find(tenant, id, on: sql) }
            if let name, let normalized = DomainName.normalize(name).name {
                found = try await self.store.customDomains.find(tenant, domain: normalized, on: sql)
            }
            guard let domain = found else { throw HavenError.notFound }
            try await self.store.customDomains.delete(tenant, domain.id, on: sql)
            let certificate = try await self.store.domainCertificates.find(tenant, domain: domain.domain, on: sql)
            if let certificate { try await self.store.domainCertificates.delete(tenant, certificate.id, on: sql) }
            try await change.record(
                .customDomainRemoved, .customDomain(domain.id),
                details: ["domain": .string(domain.domain), "certificate_removed": .bool(certificate != nil)])
            return domain
        }
    }

    /// The JSON an API client and the CLI see (one shape for both channels).
    public static func render(_ d: CustomDomain) -> JSONObject {
        JSONObject([
            ("id", .int(d.id)), ("domain", .string(d.domain)), ("cname_target", .string(d.cnameTarget)),
            ("status", .string(d.status.state.rawValue)), ("reason", .optional(d.status.reason)),
            ("next_check_at", .timestamp(d.status.nextCheckAt)), ("certificate_expires_at", .optional(d.status.notAfter)),
            ("created_at", .timestamp(d.createdAt)), ("updated_at", .timestamp(d.updatedAt)),
        ])
    }
}
