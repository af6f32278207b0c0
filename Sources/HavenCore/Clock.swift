import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The source of "now". Injected everywhere so tests can move time (trash purge, renewals) without waiting.
public protocol HavenClock: Sendable {
    func now() -> Timestamp
}

public struct SystemClock: HavenClock {
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSince1970: Int64(spec.tv_sec))
    }
}

/// A clock that only moves when a test moves it.
public final class ManualClock: HavenClock {
    private let current: Mutex<Timestamp>

    public init(_ start: Timestamp) {
        self.current = Mutex(start)
    }

    public func now() -> Timestamp {
        self.current.withLock { $0 }
    }

    public func advance(seconds: Int64) {
        self.current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    public func set(_ time: Timestamp) {
        self.current.withLock { $0 = time }
    }
}
