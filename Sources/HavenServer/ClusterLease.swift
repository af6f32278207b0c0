import HavenCore
import HavenStore

/// A periodic job's round runs on one node at a time: the node takes the job's lease (a named row in `tls_locks`,
/// the table of the deployment's leases) before the round and gives it back after. A node that dies mid-round keeps
/// the lease until `seconds` have passed; then another node's round takes it. A round that outlasts its lease
/// may overlap the next node's: every step such a job takes is checked again inside its own transaction.
struct ClusterLease: Sendable {
    let store: Store
    let name: String
    var seconds: Int64 = 300

    /// Runs `round` if this node took the lease; returns whether it ran.
    @discardableResult
    func run(_ round: @Sendable () async throws -> Void) async throws -> Bool {
        let (store, lease) = (self.store, "job " + self.name)
        let now = store.clock.now()
        let taken = try await store.write { sql in
            try await store.certificateIssuance.acquire(
                lease, owner: store.node, until: now.adding(seconds: self.seconds), now: now, on: sql)
        }
        guard taken else { return false }
        do {
            try await round()
        } catch {
            try? await store.write { sql in try await store.certificateIssuance.release(lease, owner: store.node, on: sql) }
            throw error
        }
        try await store.write { sql in try await store.certificateIssuance.release(lease, owner: store.node, on: sql) }
        return true
    }
}
