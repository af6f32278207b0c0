import HavenCore
import Synchronization

/// When each API key was last recorded as used: the key's `last_used_at` is written at most once a minute per key
/// and process, so a busy integration costs one small write a minute, not one per request.
final class KeyUseRecorder: Sendable {
    static let intervalSeconds: Int64 = 60
    private let recorded = Mutex<[APIKeyID: Int64]>([:])

    /// Whether the key's use at `now` should be written (and notes that it will be).
    func isDue(_ key: APIKeyID, at now: Timestamp) -> Bool {
        self.recorded.withLock { recorded in
            if let last = recorded[key], now.secondsSince1970 - last < Self.intervalSeconds { return false }
            if recorded.count >= 100_000 { recorded.removeAll(keepingCapacity: true) }
            recorded[key] = now.secondsSince1970
            return true
        }
    }
}
