public import HavenCore
import HavenStore

/// The account as its agents see it: agent counts and the administrator asking; and the jobs agents queued.
public struct AccountQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public struct Summary: Sendable {
        public let fullTimeAgents: Int64
        public let occasionalAgents: Int64
        /// The agent asking (the account's contact person as the API shows it).
        public let contactPerson: AgentProfile?
    }

    public func summary(by principal: Principal) async throws -> Summary {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .viewAccount) { sql in
            let counts = try await store.agents.counts(principal.tenant, on: sql)
            let asking = try await principal.agentID.asyncMap { try await store.agents.find(principal.tenant, $0, on: sql) }
            return Summary(fullTimeAgents: counts.fullTime, occasionalAgents: counts.occasional, contactPerson: asking ?? nil)
        }
    }

    public func job(_ id: String, by principal: Principal) async throws -> Job {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let job = try await store.jobs.find(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return job
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
