import Foundation
import HavenCore
import HavenStore
import Synchronization
import Testing

/// On PostgreSQL ids come from sequences: a transaction that took an id does not make another transaction — of
/// another tenant, or one that took its tenant's lock first — wait for its commit. With a counter row per kind, the
/// second waited on the row's lock until the first committed (and, with the two locks taken in opposite orders, the
/// two deadlocked).
@Suite struct IDSequenceTests {
    @Test func anIdTakenByAnOpenTransactionDoesNotHoldUpAnotherOne() async throws {
        try await RepositoryContractTests.withStore(.postgres) { store, _, tenants, _ in
            let (north, south) = (tenants[0].id, tenants[1].id)
            let (idTaken, tookID) = AsyncStream.makeStream(of: Int64.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            async let first: Int64 = store.write { sql in
                let id = try await IDSequences.next("users", on: sql)
                _ = try await sql.scalar("SELECT count(*) AS n FROM users WHERE tenant_id = \(north)")
                tookID.yield(id)
                for await _ in released { break }
                return id
            }
            var ids = idTaken.makeAsyncIterator()
            let firstID = try #require(await ids.next())
            let finished = Mutex<Int64?>(nil)
            let second = Task {
                let id = try await store.write { sql in
                    _ = try await sql.scalar("SELECT count(*) AS n FROM users WHERE tenant_id = \(south)")
                    return try await IDSequences.next("users", on: sql)
                }
                finished.withLock { $0 = id }
                return id
            }
            let deadline = ContinuousClock.now + .seconds(3)
            while ContinuousClock.now < deadline, finished.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(20)) }
            let finishedWhileFirstWasOpen = finished.withLock { $0 } != nil
            // Let the first commit, so a second that was waiting for it finishes too.
            release.finish()
            let secondID = try await second.value
            #expect(finishedWhileFirstWasOpen, "the second transaction waited for the first one's commit")
            #expect(secondID > firstID)
            #expect(try await first == firstID)
        }
    }
}
