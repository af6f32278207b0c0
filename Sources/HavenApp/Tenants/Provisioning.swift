public import HavenCore
import HavenCrypto
public import HavenStore

/// What creating a tenant or an agent returns. The API key appears here once and is never stored in clear.
public struct ProvisionedAgent: Sendable {
    public let tenant: Tenant
    public let agentID: UserID
    public let apiKey: String
}

/// Operator-level creation of tenants and agents with their first API key (the CLI and the server's first start),
/// each in one transaction with its audit event, recorded as done by `actor` (the CLI command, or the first start).
/// A tenant does not exist before it is created, so these take an audit actor rather than a tenant's principal.
public struct Provisioning: Sendable {
    let store: Store
    let actor: AuditActor

    public init(store: Store, actor: AuditActor) {
        self.store = store
        self.actor = actor
    }

    public func createTenant(
        name: String,
        subdomain: String,
        adminEmail: String,
        adminName: String?,
        region: String = "local"
    ) async throws -> ProvisionedAgent {
        var problems: [String] = []
        let name = name.trimmingWhitespace()
        if name.isEmpty { problems.append("--name must not be empty") }
        if let problem = Tenant.validateSubdomain(subdomain) { problems.append("--subdomain \(problem)") }
        if !EmailAddress.isValid(adminEmail) { problems.append("--admin-email is not a valid e-mail address") }
        guard problems.isEmpty else { throw HavenError.usage(problems.joined(separator: "; ")) }
        let now = self.store.clock.now()
        return try await self.store.write { sql in
            if try await self.store.tenants.find(subdomain: subdomain, on: sql) != nil {
                throw HavenError.usage("A tenant with subdomain '\(subdomain)' already exists")
            }
            let tenant = Tenant(
                id: TenantID(try await IDSequences.next("tenants", on: sql)),
                name: name,
                subdomain: subdomain,
                region: region,
                status: .active,
                createdAt: now,
                updatedAt: now
            )
            try await self.store.tenants.insert(tenant, on: sql)
            try await self.store.keys.bootstrap(tenant.id, on: sql)
            try await self.store.roles.seed(tenant.id, at: now, on: sql)
            try await self.store.ticketFields.seed(tenant.id, at: now, on: sql)
            let displayName =
                adminName?.trimmingWhitespace().isEmpty == false
                ? adminName!.trimmingWhitespace() : String(adminEmail.split(separator: "@")[0])
            let admin = try await self.addAgent(
                tenant: tenant,
                email: adminEmail,
                name: displayName,
                role: .admin,
                occasional: false,
                at: now,
                on: sql
            )
            try await self.record(
                .tenantCreated, tenant.id, .tenant(tenant.id), at: now,
                details: [("region", .string(region)), ("admin_agent_id", .id(admin.agentID))], on: sql)
            return admin
        }
    }

    public func createAgent(
        tenantSubdomain: String,
        email: String,
        name: String,
        role: AgentRole,
        occasional: Bool
    ) async throws -> ProvisionedAgent {
        var problems: [String] = []
        if !EmailAddress.isValid(email) { problems.append("--email is not a valid e-mail address") }
        if name.trimmingWhitespace().isEmpty { problems.append("--name must not be empty") }
        guard problems.isEmpty else { throw HavenError.usage(problems.joined(separator: "; ")) }
        let now = self.store.clock.now()
        return try await self.store.write { sql in
            guard let tenant = try await self.store.tenants.find(subdomain: tenantSubdomain, on: sql) else {
                throw HavenError.usage("No tenant with subdomain '\(tenantSubdomain)'")
            }
            if try await self.store.contacts.userID(email: email, tenant.id, on: sql) != nil {
                throw HavenError.usage("A user with e-mail \(email) already exists in tenant '\(tenantSubdomain)'")
            }
            let agent = try await self.addAgent(
                tenant: tenant,
                email: email,
                name: name.trimmingWhitespace(),
                role: role,
                occasional: occasional,
                at: now,
                on: sql
            )
            try await self.record(
                .agentCreated, tenant.id, .agent(agent.agentID), at: now,
                details: [("role", .string(role.rawValue)), ("occasional", .bool(occasional))], on: sql)
            return agent
        }
    }

    private func record(
        _ action: AuditAction, _ tenant: TenantID, _ target: AuditTarget, at now: Timestamp, details: [(String, JSONValue)],
        on sql: SQLExecutor
    ) async throws {
        try await self.store.audit.record(
            AuditEvent(tenant: tenant, occurredAt: now, actor: self.actor, action: action, target: target, details: JSONObject(details)),
            on: sql)
    }

    private func addAgent(
        tenant: Tenant,
        email: String,
        name: String,
        role: AgentRole,
        occasional: Bool,
        at now: Timestamp,
        on sql: SQLExecutor
    ) async throws -> ProvisionedAgent {
        let userID = UserID(try await IDSequences.next("users", on: sql))
        var contact = Contact(tenantID: tenant.id, id: userID, name: name, createdAt: now)
        contact.email = email
        contact.active = true
        contact.isAgent = true
        try await self.store.contacts.insert(contact, on: sql)
        var agent = Agent(tenantID: tenant.id, id: userID, role: role, createdAt: now)
        agent.occasional = occasional
        try await self.store.agents.insert(agent, on: sql)
        let key = APIKeys.generate(using: self.store.random)
        let newKey = NewAPIKey(
            id: APIKeyID(try await IDSequences.next("api_keys", on: sql)), agent: userID, name: "Default key",
            hash: APIKeys.hash(key), prefix: APIKeys.prefix(of: key))
        try await self.store.apiKeys.insert(tenant.id, newKey, at: now, on: sql)
        return ProvisionedAgent(tenant: tenant, agentID: userID, apiKey: key)
    }
}
