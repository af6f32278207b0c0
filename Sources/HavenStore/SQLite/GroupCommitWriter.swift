import HavenCore
import Synchronization

/// The writer connection's transactions, committed in groups (storage.md §2): while other writers queue, a
/// transaction that succeeded leaves the database transaction open for them and waits; the last of the group (or
/// the `limit`th) commits once for all and then every member gets its answer. Each member runs in a savepoint, so
/// one that fails rolls back alone. Nobody is answered before the commit that makes their change durable, so the
/// durability rules are unchanged. With `limit` 1 every transaction commits on its own.
///
/// Why: under load most of the writer's time went to writing the same B-tree pages (table tails, indexes, the audit
/// chain) to the write-ahead log once per commit; a group writes them once.
final class GroupCommitWriter: Sendable {
    let connection: SQLiteConnection
    let thread: DatabaseThread
    let hops: HopCounter
    let limit: Int
    private let lock = AsyncSerialLock()

    private struct Batch {
        let scope = TransactionScope()
        var members = 0
        var waiting: [CheckedContinuation<Result<Void, any Error>, Never>] = []
    }

    private let batch = Mutex<Batch?>(nil)
    private let counts = Mutex(WriteCounts())

    init(connection: SQLiteConnection, thread: DatabaseThread, hops: HopCounter, limit: Int) {
        self.connection = connection
        self.thread = thread
        self.hops = hops
        self.limit = max(1, limit)
    }

    func write<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        // The task moves to the writer's thread before it queues, so the lock passes from one transaction to the
        // next on that thread.
        try await withTaskExecutorPreference(self.thread) {
            await self.lock.lock()
            let batchScope: TransactionScope
            do {
                batchScope = try self.openBatch()
                _ = try self.connection.query("SAVEPOINT member")
            } catch {
                _ = self.commitBatch()
                self.lock.unlock()
                throw error
            }
            let scope = TransactionScope(parent: batchScope)
            let outcome: Result<T, any Error>
            do {
                let value = try await body(
                    SQLExecutor(connection: self.connection, thread: self.thread, isWriter: true, transaction: scope, hops: self.hops))
                _ = try self.connection.query("RELEASE member")
                scope.merge(into: batchScope)
                self.batch.withLock { $0?.members += 1 }
                outcome = .success(value)
            } catch {
                if self.connection.inTransaction {
                    _ = try? self.connection.query("ROLLBACK TO member")
                    _ = try? self.connection.query("RELEASE member")
                }
                outcome = .failure(error)
            }
            return try await self.finish(outcome)
        }
    }

    /// Runs `body` with the writer outside any transaction (migrations, checkpoints), after committing an open group.
    func exclusive<T: Sendable>(_ body: (SQLExecutor) async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(self.thread) {
            await self.lock.lock()
            defer { self.lock.unlock() }
            if let error = self.commitBatch() { throw error }
            return try await body(SQLExecutor(connection: self.connection, thread: self.thread, isWriter: true, hops: self.hops))
        }
    }

    /// Commits now, or — when others wait and the group has room — leaves the transaction open for them and waits
    /// for the commit that includes this member.
    private func finish<T: Sendable>(_ outcome: Result<T, any Error>) async throws -> T {
        // Writers that arrived meanwhile are jobs queued on this thread, not yet waiting for the lock: let them run
        // up to it (the transaction's statements never suspend, so they could not get there before).
        if self.limit > 1, self.thread.hasQueuedJobs { await Task.yield() }
        let members = self.batch.withLock { $0?.members ?? 0 }
        guard self.connection.inTransaction else {
            // The engine rolled the whole transaction back (an I/O error, even one the body caught and went past):
            // every member of the group failed, this one too.
            let error = StoreError.database("the transaction was rolled back by the database")
            self.failBatch(error)
            self.lock.unlock()
            _ = try outcome.get()
            throw error
        }
        if case .success = outcome, self.lock.hasWaiters, members < self.limit {
            let committed = await withCheckedContinuation { continuation in
                self.batch.withLock { $0?.waiting.append(continuation) }
                self.lock.unlock()
            }
            try committed.get()
            return try outcome.get()
        }
        if case .failure = outcome, self.lock.hasWaiters, members < self.limit {
            self.lock.unlock()
            return try outcome.get()
        }
        let failure = self.commitBatch()
        self.lock.unlock()
        if let failure { throw failure }
        return try outcome.get()
    }

    /// Transactions committed and the commits that carried them, since the database opened.
    var statistics: WriteCounts { self.counts.withLock { $0 } }

    private func openBatch() throws -> TransactionScope {
        if let open = self.batch.withLock({ $0 }) { return open.scope }
        _ = try self.connection.query("BEGIN IMMEDIATE")
        let fresh = Batch()
        self.batch.withLock { $0 = fresh }
        return fresh.scope
    }

    /// Commits the open group (if any), runs its after-commit actions and answers its waiting members.
    private func commitBatch() -> (any Error)? {
        guard let open = self.batch.withLock({ $0 }) else { return nil }
        do {
            _ = try self.connection.query("COMMIT")
        } catch {
            _ = try? self.connection.query("ROLLBACK")
            self.failBatch(error)
            return error
        }
        self.batch.withLock { $0 = nil }
        if open.members > 0 {
            self.counts.withLock { counts in
                counts.commits += 1
                counts.transactions += open.members
            }
        }
        open.scope.committed()
        for member in open.waiting { member.resume(returning: .success(())) }
        return nil
    }

    private func failBatch(_ error: any Error) {
        let open = self.batch.withLock { batch in
            defer { batch = nil }
            return batch
        }
        for member in open?.waiting ?? [] { member.resume(returning: .failure(error)) }
    }
}

/// How write transactions were committed: `transactions / commits` is the mean group size.
public struct WriteCounts: Sendable, Equatable {
    public var transactions = 0
    public var commits = 0
}
