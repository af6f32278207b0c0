import ServiceLifecycle
import Synchronization

/// Lets the code that embeds a `HavenServer` (the tests, another program) stop it the way SIGTERM does: listeners
/// stop accepting, connections and services finish, then `run()` returns.
///
/// Why not cancel the task running the server: a cancelled listener drops connections it has accepted but not yet
/// handed to the server loop, and NIO traps on those (swift-nio issues 2813 and 3481) — a whole process lost for
/// one unlucky connection.
final class GracefulShutdownTrigger: Sendable {
    private struct State {
        var group: ServiceGroup?
        var requested = false
    }

    private let state = Mutex(State())

    /// Called by `run()` with its group; shuts it down at once when a shutdown was asked for before it started.
    func attach(_ group: ServiceGroup) async {
        let requestedEarly = self.state.withLock { state in
            state.group = group
            return state.requested
        }
        if requestedEarly { await group.triggerGracefulShutdown() }
    }

    func trigger() async {
        let group = self.state.withLock { state in
            state.requested = true
            return state.group
        }
        await group?.triggerGracefulShutdown()
    }
}
