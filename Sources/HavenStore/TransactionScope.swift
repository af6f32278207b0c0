import Synchronization

/// State that lives exactly as long as one write transaction. Caches must not learn about rows a transaction
/// created until it commits — a rolled-back transaction frees its ids for reuse, and a cached key for a reused id
/// would seal new data under a key that was never stored. So work registers `afterCommit` actions, and values
/// created inside the transaction are kept in `pending` where later statements of the same transaction find them.
public final class TransactionScope: Sendable {
    private struct State {
        var actions: [@Sendable () -> Void] = []
        var pending: [String: any Sendable] = [:]
    }

    private let state = Mutex(State())

    init() {}

    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        self.state.withLock { $0.actions.append(action) }
    }

    public func pending<T: Sendable>(_ key: String, as type: T.Type) -> T? {
        self.state.withLock { $0.pending[key] as? T }
    }

    public func setPending(_ key: String, _ value: any Sendable) {
        self.state.withLock { $0.pending[key] = value }
    }

    func committed() {
        let actions = self.state.withLock { state in
            defer { state.actions = [] }
            return state.actions
        }
        for action in actions { action() }
    }
}
