import Synchronization

/// Reader connections, each lent to one borrower at a time; a borrower finding none free waits in arrival order.
final class ReaderPool: Sendable {
    struct Reader: Sendable {
        let connection: SQLiteConnection
        let thread: DatabaseThread
    }

    private struct State {
        var free: [Reader]
        var waiters: [CheckedContinuation<Reader, Never>] = []
    }

    let all: [Reader]
    private let state: Mutex<State>

    init(_ readers: [Reader]) {
        self.all = readers
        self.state = Mutex(State(free: readers))
    }

    func borrow() async -> Reader {
        if let reader = self.state.withLock({ $0.free.popLast() }) { return reader }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Reader, Never>) in
            // Checked again under the lock: a reader may have come back since the first look.
            let reader = self.state.withLock { state -> Reader? in
                if let reader = state.free.popLast() { return reader }
                state.waiters.append(continuation)
                return nil
            }
            if let reader { continuation.resume(returning: reader) }
        }
    }

    func giveBack(_ reader: Reader) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Reader, Never>? in
            if state.waiters.isEmpty {
                state.free.append(reader)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: reader)
    }
}

/// Counts statements that ran off their connection's thread. The engine is built so a transaction never leaves the
/// writer's thread; a hop is not wrong (the connection is still held exclusively) but costs what this design saves.
final class HopCounter: Sendable {
    private let hops = Atomic<Int>(0)

    func count() {
        self.hops.wrappingAdd(1, ordering: .relaxed)
    }

    var value: Int { self.hops.load(ordering: .relaxed) }
}
