import HavenCore
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Admission and accounting of connections for both listeners: a connection past the overall cap or its address's
/// cap is closed at accept, and every refusal and timeout is counted. The counts carry no addresses (application logs
/// hold no personal data); `report` logs them once a minute when they changed.
public final class ConnectionGovernor: Sendable {
    /// What ended or refused a connection early.
    public enum Event: String, Sendable, CaseIterable {
        case refusedOverallCap = "refused_overall_cap"
        case refusedAddressCap = "refused_address_cap"
        case handshakeTimeout = "handshake_timeout"
        case requestHeadTimeout = "request_head_timeout"
        case keepAliveTimeout = "keep_alive_timeout"
        case slowBody = "slow_body"
        case closedAfterEarlyAnswer = "closed_after_early_answer"
        case malformedRequest = "malformed_request"
    }

    public enum Admission: Sendable, Equatable {
        /// Admitted; `release` the key when the connection closes.
        case admitted(key: String)
        case refused(Event)
    }

    struct State {
        var open = 0
        var byAddress: [String: Int] = [:]
        var counts: [Event: Int] = [:]
        /// The most connections open at once since memory was last handed back.
        var peak = 0
    }

    public let limits: ConnectionLimits
    private let state = Mutex(State())

    /// After a storm of at least this many connections has gone, freed memory is handed back to the system.
    static let stormSize = 512

    public init(limits: ConnectionLimits) {
        self.limits = limits
    }

    /// Admits a connection from `ip` (nil when unknown: counted under one shared key) or says why not.
    public func admit(_ ip: String?) -> Admission {
        let key = ip.map(ClientAddress.aggregate) ?? "unknown"
        return self.state.withLock { state in
            guard state.open < self.limits.maxConnections else {
                state.counts[.refusedOverallCap, default: 0] += 1
                return .refused(.refusedOverallCap)
            }
            let fromAddress = state.byAddress[key, default: 0]
            guard fromAddress < self.limits.maxConnectionsPerAddress else {
                state.counts[.refusedAddressCap, default: 0] += 1
                return .refused(.refusedAddressCap)
            }
            state.byAddress[key] = fromAddress + 1
            state.open += 1
            state.peak = max(state.peak, state.open)
            return .admitted(key: key)
        }
    }

    public func release(_ key: String) {
        let stormEnded = self.state.withLock { state -> Bool in
            state.open -= 1
            let left = (state.byAddress[key] ?? 1) - 1
            state.byAddress[key] = left > 0 ? left : nil
            guard state.peak >= Self.stormSize, state.open <= state.peak / 10 else { return false }
            state.peak = state.open
            return true
        }
        if stormEnded { Self.returnFreedMemory() }
    }

    public func record(_ event: Event) {
        self.state.withLock { $0.counts[event, default: 0] += 1 }
    }

    /// Connections open now.
    public var openConnections: Int { self.state.withLock { $0.open } }

    /// Every event's count since start.
    public var counts: [Event: Int] { self.state.withLock { $0.counts } }

    /// glibc keeps the memory of freed connections in its arenas, so RSS stayed near its storm peak (1.09 GB after
    /// 20,000 connections); `malloc_trim` hands the free pages back. Run off the event loops: it walks the heap.
    static func returnFreedMemory() {
        #if canImport(Glibc)
            // malloc.h is not part of Swift's Glibc module: look the function up (RTLD_DEFAULT is the null handle).
            guard let symbol = dlsym(nil, "malloc_trim") else { return }
            let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
            Task.detached(priority: .background) { _ = trim(0) }
        #endif
    }

    /// Logs the counts once a minute when they changed: refusals and timeouts by kind, never addresses.
    func report(logger: Logger, interval: Duration = .seconds(60)) -> PeriodicService {
        let last = Mutex<[Event: Int]>([:])
        return PeriodicService(
            name: "connection report", interval: interval, logger: logger,
            round: {
                let counts = self.counts
                let changed = last.withLock { previous in
                    defer { previous = counts }
                    return previous != counts
                }
                guard changed else { return }
                var metadata: Logger.Metadata = ["open": .stringConvertible(self.openConnections)]
                for (event, count) in counts { metadata[event.rawValue] = .stringConvertible(count) }
                logger.notice("connections refused or ended early", metadata: metadata)
            })
    }

    /// Raises the descriptor limit to its hard maximum and lowers `maxConnections` if the descriptors still do not
    /// cover it (with room for the database, key files and outgoing connections), so the cap, not the kernel, refuses.
    public static func fitToDescriptors(_ limits: ConnectionLimits, logger: Logger) -> ConnectionLimits {
        var limits = limits
        #if canImport(Glibc)
            var descriptors = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptors) == 0 else { return limits }
            if descriptors.rlim_cur < descriptors.rlim_max {
                var raised = descriptors
                raised.rlim_cur = descriptors.rlim_max
                if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { descriptors = raised }
            }
            let available = Int(min(descriptors.rlim_cur, 1 << 30)) - 256
            if limits.maxConnections > available {
                logger.warning(
                    "the descriptor limit caps connections below HAVEN_MAX_CONNECTIONS",
                    metadata: ["max_connections": .stringConvertible(max(16, available))])
                limits.maxConnections = max(16, available)
            }
        #endif
        return limits
    }
}
