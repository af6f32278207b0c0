import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// 96-bit random nonces sliced from a buffer the kernel CSPRNG refills 4 KiB at a time. `AES.GCM.Nonce()` costs two
/// `getrandom` calls per nonce; this costs one per 341 nonces (encryption.md §9.3). Random nonces (never counters)
/// stay safe across processes sharing a key.
public final class NoncePool: Sendable {
    private struct State {
        var buffer: [UInt8]
        var offset: Int
    }

    private static let refillSize = 4092  // 341 nonces
    private let state: Mutex<State>

    public init() {
        self.state = Mutex(State(buffer: [], offset: 0))
    }

    public func next() -> [UInt8] {
        self.state.withLock { state in
            if state.offset + 12 > state.buffer.count {
                state.buffer = Self.kernelRandom(count: Self.refillSize)
                state.offset = 0
            }
            defer { state.offset += 12 }
            return Array(state.buffer[state.offset..<state.offset + 12])
        }
    }

    /// /dev/urandom is the kernel CSPRNG (the same source as getrandom(2), which Glibc's module map does not export);
    /// the descriptor stays open for the process's lifetime.
    private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    static func kernelRandom(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { raw in read(Self.urandom, raw.baseAddress! + filled, count - filled) }
            if got > 0 {
                filled += got
            } else if got < 0 && errno == EINTR {
                continue
            } else {
                fatalError("cannot read /dev/urandom (errno \(errno)); refusing to seal with a weak nonce")
            }
        }
        return bytes
    }
}
