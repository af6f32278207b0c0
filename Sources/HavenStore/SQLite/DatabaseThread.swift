import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A thread of its own that runs Swift tasks preferring it (`withTaskExecutorPreference`). Each SQLite connection
/// lives on one: a transaction's async repository code runs here from `BEGIN` to `COMMIT`, and every statement is a
/// plain synchronous call on this thread — no hop to a thread pool per statement (storage.md §2). Blocking work
/// (a WAL checkpoint's fsync, a page read from disk) blocks this thread, never Swift's cooperative pool.
final class DatabaseThread: TaskExecutor, Sendable {
    private struct Queue {
        var jobs: [UnownedJob] = []
        var stopping = false
    }

    private let queue = Mutex(Queue())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// Set once by the thread itself before it runs any job; read by `isCurrent` for the no-hop checks.
    private let threadID = Atomic<UInt>(0)

    init(name: String) {
        let thread = Thread { [self] in
            // Named from the thread itself: what `top -H` and profilers show.
            Thread.current.name = name
            self.runLoop()
        }
        // Statements run here; the default 512 KiB is enough for SQLite, a larger stack costs nothing until touched.
        thread.stackSize = 1 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.queue.withLock { $0.jobs.append(job) }
        self.wakeUp.signal()
    }

    /// True when jobs wait to run here (group commit lets queued writers reach the lock before it decides).
    var hasQueuedJobs: Bool {
        self.queue.withLock { !$0.jobs.isEmpty }
    }

    /// True when called on this thread (tests assert that a transaction's statements never left it).
    var isCurrent: Bool {
        self.threadID.load(ordering: .acquiring) == Self.currentThreadID
    }

    static var currentThreadID: UInt {
        #if canImport(Glibc)
            UInt(pthread_self())
        #else
            UInt(bitPattern: pthread_self())
        #endif
    }

    /// Lets the queued jobs finish, then ends the thread. Nothing may be enqueued afterwards.
    func stop() {
        self.queue.withLock { $0.stopping = true }
        self.wakeUp.signal()
        // Called from a job running here, the loop ends once that job returns; waiting for it would never end.
        guard !self.isCurrent else { return }
        self.finished.wait()
    }

    private func runLoop() {
        self.threadID.store(Self.currentThreadID, ordering: .releasing)
        var batch: [UnownedJob] = []
        while true {
            self.wakeUp.wait()
            let stopping = self.queue.withLock { queue -> Bool in
                swap(&batch, &queue.jobs)
                return queue.stopping
            }
            for job in batch {
                job.runSynchronously(on: self.asUnownedTaskExecutor())
            }
            batch.removeAll(keepingCapacity: true)
            if stopping, self.queue.withLock({ $0.jobs.isEmpty }) { break }
        }
        self.finished.signal()
    }
}
