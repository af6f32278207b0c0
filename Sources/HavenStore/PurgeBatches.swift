import HavenCore

/// Deletes one tenant's records of one kind for good, a batch per transaction, each record with its audit entry in
/// that transaction, until a batch comes short: what the trash purge and the retention rules share. `due` re-reads
/// what is still due inside each transaction (a record restored or changed meanwhile is not touched).
struct PurgeBatches {
    let store: Store
    let tenant: TenantID
    let now: Timestamp
    /// The job named as the entries' actor.
    let job: String
    var batchSize = 100

    /// `purge` removes one record and answers its entry's details (nil: skipped, gone or no longer due); `afterBatch`
    /// runs last in each batch's transaction with the ids removed (a receipt). Returns how many were removed. A batch
    /// that removed nothing ends the run: what it skipped would only be read again.
    func run(
        _ type: String, action: String, due: @escaping (SQLExecutor) async throws -> [Int64],
        purge: @escaping (Int64, SQLExecutor) async throws -> JSONObject?,
        afterBatch: @escaping ([Int64], SQLExecutor) async throws -> Void = { _, _ in }
    ) async throws -> Int {
        var purged = 0
        while true {
            let (seen, removed) = try await self.store.write { sql -> (Int, Int) in
                let ids = try await due(sql)
                var removed: [Int64] = []
                for id in ids {
                    guard let details = try await purge(id, sql) else { continue }
                    removed.append(id)
                    try await self.store.audit.record(
                        AuditEvent(
                            tenant: self.tenant, occurredAt: self.now, actor: .system(self.job), action: action, targetType: type,
                            targetID: String(id), details: details),
                        on: sql)
                }
                if !removed.isEmpty { try await afterBatch(removed, sql) }
                return (ids.count, removed.count)
            }
            purged += removed
            if seen < self.batchSize || removed == 0 { return purged }
        }
    }
}
