import Testing

/// Suites that must not share the machine with each other: the edge tests measure timeouts on real sockets, the
/// browser tests run Chromium (several processes, most of two cores). Nested here, they run one after another while
/// the rest of the suite runs beside them.
@Suite(.serialized) enum TimingSensitive {}
