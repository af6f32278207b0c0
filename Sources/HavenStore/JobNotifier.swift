/// Wakes the job runner when a request queues a job. Notifications coalesce: the runner drains the whole queue on
/// each wake-up, so one pending signal is enough.
public final class JobNotifier: Sendable {
    public let signals: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (self.signals, self.continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func notify() {
        self.continuation.yield()
    }

    public func finish() {
        self.continuation.finish()
    }
}
