import Synchronization

/// Where a database's `ChangeNotice`s arrive on this node: those of this node's own writes once they commit, and on
/// PostgreSQL those of every other node's (`HavenDatabase.followChanges`). Caches subscribe and forget what a notice
/// names; a notice arriving twice (this node's own, back from PostgreSQL) only makes a cache forget twice.
public final class ChangeFeed: Sendable {
    private let subscribers = Mutex<[@Sendable (ChangeNotice) -> Void]>([])

    init() {}

    /// `handler` is called for every notice from now on, on the task that delivers it: it must be quick.
    public func subscribe(_ handler: @escaping @Sendable (ChangeNotice) -> Void) {
        self.subscribers.withLock { $0.append(handler) }
    }

    func deliver<Notices: Sequence<ChangeNotice>>(_ notices: Notices) {
        let handlers = self.subscribers.withLock { $0 }
        for notice in notices {
            for handler in handlers { handler(notice) }
        }
    }
}
