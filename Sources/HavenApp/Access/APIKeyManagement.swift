public import HavenCore
import HavenCrypto
public import HavenStore

/// API keys (people.md §2): several per agent, named, with an optional expiry, a read-only scope and an allowlist of
/// their own; the key is shown once. An agent manages their own keys; an admin (`manageSecurity`) anyone's.
public struct APIKeyManagement: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public struct Request: Sendable {
        public var name: String
        public var expiresAt: Timestamp?
        public var readOnly: Bool
        public var allowlist: [String]

        public init(name: String, expiresAt: Timestamp? = nil, readOnly: Bool = false, allowlist: [String] = []) {
            self.name = name
            self.expiresAt = expiresAt
            self.readOnly = readOnly
            self.allowlist = allowlist
        }
    }

    /// Creates a key for `agent` (the principal's own when nil); returns its record and the key, shown once.
    public func create(_ request: Request, for agent: UserID? = nil, by principal: Principal) async throws -> (APIKeyRecord, String) {
        let store = self.helpdesk.store
        let owner = try self.owner(agent, principal)
        var problems: [FieldError] = []
        let name = request.name.trimmingWhitespace()
        if name.isEmpty || name.count > 100 {
            problems.append(FieldError(field: "name", message: "must have 1 to 100 characters", code: .invalidValue))
        }
        let parsed = SecurityPolicyCoding.allowlistEntries(.strings(request.allowlist))
        if case .failure(let problem) = parsed {
            problems.append(FieldError(field: "allowlist", message: problem.description, code: .invalidValue))
        }
        let now = self.helpdesk.clock.now()
        if let expires = request.expiresAt, expires <= now {
            problems.append(FieldError(field: "expires_at", message: "must be in the future", code: .invalidValue))
        }
        guard problems.isEmpty else { throw HavenError.validation(problems) }
        let key = APIKeys.generate(using: store.random)
        let record = try await self.helpdesk.change(by: principal, needs: owner == principal.agentID ? .readHelpdesk : .manageSecurity) {
            change in
            guard try await store.agents.exists(change.tenant, owner, on: change.sql) else { throw HavenError.notFound }
            let id = APIKeyID(try await IDSequences.next("api_keys", on: change.sql))
            let entries = (try? parsed.get()) ?? []
            try await store.apiKeys.insert(
                change.tenant,
                NewAPIKey(
                    id: id, agent: owner, name: name, hash: APIKeys.hash(key), prefix: APIKeys.prefix(of: key),
                    expiresAt: request.expiresAt,
                    readOnly: request.readOnly, allowlist: entries),
                at: change.now, on: change.sql)
            try await change.record(
                .apiKeyCreated, .apiKey(id),
                details: [
                    "agent_id": .id(owner), "prefix": .string(APIKeys.prefix(of: key)), "read_only": .bool(request.readOnly),
                    "expires_at": .optional(request.expiresAt), "allowlist_entries": .int(Int64(entries.count)),
                ])
            guard let record = try await store.apiKeys.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            return record
        }
        return (record, key)
    }

    /// The keys of `agent` (the principal's own when nil), newest first, revoked ones included.
    public func list(for agent: UserID? = nil, by principal: Principal) async throws -> [APIKeyRecord] {
        let owner = try self.owner(agent, principal)
        return try await self.helpdesk.query(by: principal, needs: owner == principal.agentID ? .readHelpdesk : .manageSecurity) { sql in
            try await self.helpdesk.store.apiKeys.list(principal.tenant, agent: owner, on: sql)
        }
    }

    /// Every agent's keys in the tenant, newest first, revoked ones included: the admin's view (`manageSecurity`).
    public func listAll(by principal: Principal) async throws -> [APIKeyRecord] {
        try await self.helpdesk.query(by: principal, needs: .manageSecurity) { sql in
            try await self.helpdesk.store.apiKeys.list(principal.tenant, agent: nil, on: sql)
        }
    }

    /// Revokes a key: its owner's own, or anyone's by an admin. Takes effect with the next request.
    public func revoke(_ id: APIKeyID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        let record = try await store.read { sql in try await store.apiKeys.find(principal.tenant, id, on: sql) }
        guard let record else { throw HavenError.notFound }
        try await self.helpdesk.change(by: principal, needs: record.agent == principal.agentID ? .readHelpdesk : .manageSecurity) {
            change in
            guard let current = try await store.apiKeys.find(change.tenant, id, on: change.sql), current.revokedAt == nil else {
                throw HavenError.notFound
            }
            try await store.apiKeys.revoke(change.tenant, id, at: change.now, on: change.sql)
            try await change.record(
                .apiKeyRevoked, .apiKey(id), details: ["agent_id": .id(current.agent), "prefix": .string(current.prefix)])
        }
    }

    private func owner(_ agent: UserID?, _ principal: Principal) throws -> UserID {
        guard let owner = agent ?? principal.agentID else { throw HavenError.accessDenied }
        return owner
    }
}
