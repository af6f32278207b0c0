import Synchronization

/// State that lives exactly as long as one write transaction. Caches must not learn about rows a transaction
/// created until it commits — a rolled-back transaction frees its ids for reuse, and a cached key for a reused id
/// would seal new data under a key that was never stored. So work registers `afterCommit` actions, and values
/// created inside the transaction are kept in `pending` where later statements of the same transaction find them.
///
/// With group commit several transactions share one database transaction, each in a savepoint: a transaction's
/// scope has the batch's scope as its parent, sees what earlier members left pending, and hands its own pending
/// values and actions to the batch when its savepoint is released (dropping them when it is rolled back).
public final class TransactionScope: Sendable {
    private struct State {
        var actions: [@Sendable () -> Void] = []
        var pending: [String: any Sendable] = [:]
        var notices: Set<ChangeNotice> = []
    }

    private let state = Mutex(State())
    private let parent: TransactionScope?

    init(parent: TransactionScope? = nil) {
        self.parent = parent
    }

    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        self.state.withLock { $0.actions.append(action) }
    }

    /// For cache invalidation: runs now (a later member of the same batch must not find what this one erased), and
    /// again after the commit (a reader may have cached the old value meanwhile). Forgetting early is always safe:
    /// what is forgotten is read again from the database.
    public func invalidate(_ action: @escaping @Sendable () -> Void) {
        action()
        self.afterCommit(action)
    }

    /// Records a change other nodes must hear about once this transaction commits (`ChangeNotice`).
    func announce(_ notice: ChangeNotice) {
        self.state.withLock { _ = $0.notices.insert(notice) }
    }

    /// What this transaction announced, for the engine to send with its commit.
    var notices: Set<ChangeNotice> {
        self.state.withLock { $0.notices }
    }

    public func pending<T: Sendable>(_ key: String, as type: T.Type) -> T? {
        self.state.withLock { $0.pending[key] as? T } ?? self.parent?.pending(key, as: type)
    }

    public func setPending(_ key: String, _ value: any Sendable) {
        self.state.withLock { $0.pending[key] = value }
    }

    /// Hands this member's pending values and actions to the batch (its savepoint was released).
    func merge(into batch: TransactionScope) {
        let mine = self.state.withLock { state in
            defer { state = State() }
            return state
        }
        batch.state.withLock { state in
            state.pending.merge(mine.pending) { _, newer in newer }
            state.actions += mine.actions
            state.notices.formUnion(mine.notices)
        }
    }

    func committed() {
        let actions = self.state.withLock { state in
            defer { state.actions = [] }
            return state.actions
        }
        for action in actions { action() }
    }
}
