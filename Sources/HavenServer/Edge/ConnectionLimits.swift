/// How many connections the listeners hold and how long a connection may take over each step, so that one client
/// cannot hold the server's descriptors, memory or cores. Each value is a setting (`docs/limits.md`).
public struct ConnectionLimits: Sendable, Equatable {
    /// Connections open at once over both listeners (`HAVEN_MAX_CONNECTIONS`). Kept below the process's descriptor
    /// limit at start-up.
    public var maxConnections = 8_192
    /// Connections open at once from one address, an IPv6 /64 counting as one address (`HAVEN_MAX_CONNECTIONS_PER_ADDRESS`).
    /// An office behind one NAT address shares it: a browser opens about six connections per site.
    public var maxConnectionsPerAddress = 256
    /// From accept to a finished TLS handshake (`HAVEN_TLS_HANDSHAKE_TIMEOUT_SECONDS`).
    public var handshakeTimeout: Duration = .seconds(10)
    /// From accept (or the end of the previous answer) to a complete request head (`HAVEN_REQUEST_HEAD_TIMEOUT_SECONDS`).
    public var requestHeadTimeout: Duration = .seconds(15)
    /// An idle keep-alive connection is closed after this (`HAVEN_KEEP_ALIVE_TIMEOUT_SECONDS`).
    public var keepAliveTimeout: Duration = .seconds(30)
    /// A request body must arrive at least this fast on average, after the first `requestHeadTimeout`
    /// (`HAVEN_MIN_BODY_BYTES_PER_SECOND`).
    public var minBodyBytesPerSecond = 1_024
    /// After an answer sent before its request's body ended (401, 413…), how long the rest of the body is read and
    /// dropped before the connection closes, so the client sees the answer instead of a reset (as nginx's lingering close).
    public var lingerTime: Duration = .seconds(2)
    /// At most this much of such a body is read and dropped.
    public var lingerBytes = 1_048_576

    public init() {}
}
