import HavenCore
import HavenStore
import HavenTLS

/// Adding, listing and removing a tenant's custom portal domains: the one use case behind `/custom_domains` and
/// `haven domains add|list|remove`. Each change is one transaction with its audit event.
public struct CustomDomains: Sendable {
    let store: Store
    let configuration: APIConfiguration

    public init(store: Store, configuration: APIConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// Validates and adds `input` (IDNs converted to Punycode) with a fresh CNAME target, awaiting activation.
    public func add(_ tenant: TenantID, domain input: String, actor: AuditActor, sourceIP: String? = nil) async throws -> CustomDomain {
        let (normalized, problem) = DomainName.normalize(input)
        guard let domain = normalized else {
            throw HavenError.validation([.invalid("domain", "The domain \(problem ?? "is not valid")")])
        }
        let base = self.configuration.baseDomain.lowercased()
        if domain == base || domain.hasSuffix("." + base) || domain.hasSuffix("." + self.configuration.resolvedCNAMEBase) {
            throw HavenError.validation([
                .invalid("domain", "Hosts under \(base) are Haven's own; every tenant already has {subdomain}.\(base)")
            ])
        }
        let now = self.store.clock.now()
        return try await self.store.write { sql in
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
            let target = "d-\(self.store.random.hex(count: 10)).\(self.configuration.resolvedCNAMEBase)"
            let added = CustomDomain(tenantID: tenant, id: id, domain: domain, cnameTarget: target, createdAt: now)
            try await self.store.customDomains.insert(added, on: sql)
            try await self.store.audit.record(
                AuditEvent(
                    tenant: tenant, occurredAt: now, actor: actor, action: "custom_domain.added", targetType: "custom_domain",
                    targetID: String(id), details: ["domain": .string(domain), "cname_target": .string(target)],
                    sourceIP: sourceIP),
                on: sql)
            return added
        }
    }

    public func find(_ tenant: TenantID, _ id: Int64) async throws -> CustomDomain? {
        try await self.store.read { sql in try await self.store.customDomains.find(tenant, id, on: sql) }
    }

    public func list(_ tenant: TenantID) async throws -> [CustomDomain] {
        try await self.store.read { sql in try await self.store.customDomains.list(tenant, on: sql) }
    }

    /// Removes a domain (by id, or by name for the CLI) and the certificate Haven holds for it, so it is no longer
    /// served (this node's sync drops it within its interval); its CNAME target is never reused.
    public func remove(_ tenant: TenantID, id: Int64?, domain name: String? = nil, actor: AuditActor, sourceIP: String? = nil)
        async throws -> CustomDomain
    {
        let now = self.store.clock.now()
        return try await self.store.write { sql in
            var found: CustomDomain?
            if let id { found = try await self.store.customDomains.find(tenant, id, on: sql) }
            if let name, let normalized = DomainName.normalize(name).name {
                found = try await self.store.customDomains.find(tenant, domain: normalized, on: sql)
            }
            guard let domain = found else { throw HavenError.notFound }
            try await self.store.customDomains.delete(tenant, domain.id, on: sql)
            let certificate = try await self.store.domainCertificates.find(tenant, domain: domain.domain, on: sql)
            if let certificate { try await self.store.domainCertificates.delete(tenant, certificate.id, on: sql) }
            try await self.store.audit.record(
                AuditEvent(
                    tenant: tenant, occurredAt: now, actor: actor, action: "custom_domain.removed", targetType: "custom_domain",
                    targetID: String(domain.id),
                    details: ["domain": .string(domain.domain), "certificate_removed": .bool(certificate != nil)], sourceIP: sourceIP),
                on: sql)
            return domain
        }
    }

    /// The JSON an API client and the CLI see.
    public static func render(_ d: CustomDomain) -> JSONObject {
        JSONObject([
            ("id", .int(d.id)), ("domain", .string(d.domain)), ("cname_target", .string(d.cnameTarget)),
            ("status", .string(d.status.state.rawValue)), ("reason", .optional(d.status.reason)),
            ("next_check_at", .timestamp(d.status.nextCheckAt)), ("certificate_expires_at", .optional(d.status.notAfter)),
            ("created_at", .timestamp(d.createdAt)), ("updated_at", .timestamp(d.updatedAt)),
        ])
    }
}

/// `/custom_domains` (a Haven extension, administrators only).
struct CustomDomainController: Sendable {
    let domains: CustomDomains

    var routes: [Route] {
        [
            Route(.post, "/custom_domains", .manageDomains, body: .json, handler: self.add),
            Route(.get, "/custom_domains", .manageDomains, handler: self.list),
            Route(.get, "/custom_domains/:id", .manageDomains, handler: self.view),
            Route(.delete, "/custom_domains/:id", .manageDomains, handler: self.remove),
            Route(.get, "/custom_domains/:id/check", .manageDomains, handler: self.check),
        ]
    }

    @Sendable func check(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let id = try request.pathParameters["id"] ?? { throw HavenError.notFound }()
        guard let domain = try await self.domains.find(request.tenantID, id) else { throw HavenError.notFound }
        return .ok(
            .object(try await DomainDiagnosis(store: self.domains.store, settings: self.domains.configuration.domainChecks).run(domain)))
    }

    @Sendable func add(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["domain"])
        fields.require("domain")
        let domain = fields.nonNullString("domain", maxLength: 1024)
        try fields.finish()
        guard let domain else { throw HavenError.internalFailure("domain was not validated") }
        let added = try await self.domains.add(
            request.tenantID, domain: domain, actor: .agent(request.agentID, apiKey: request.caller.keyID), sourceIP: request.sourceIP)
        return .created(.object(CustomDomains.render(added)), location: "\(request.baseURL)/api/v2/custom_domains/\(added.id)")
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(.array(try await self.domains.list(request.tenantID).map { .object(CustomDomains.render($0)) }))
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let id = try request.pathParameters["id"] ?? { throw HavenError.notFound }()
        guard let domain = try await self.domains.find(request.tenantID, id) else { throw HavenError.notFound }
        return .ok(.object(CustomDomains.render(domain)))
    }

    @Sendable func remove(_ request: APIRequest) async throws -> APIResponse {
        _ = try await self.domains.remove(
            request.tenantID, id: request.pathParameters["id"], actor: .agent(request.agentID, apiKey: request.caller.keyID),
            sourceIP: request.sourceIP)
        return .noContent
    }
}
