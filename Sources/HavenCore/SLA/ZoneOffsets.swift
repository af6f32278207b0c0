import Foundation
import Synchronization

/// A time zone as a table of its offsets from UTC: the instants where the offset changes, and the offset from each.
/// Built once per zone from the system's time zone database (Foundation), then read by binary search, so the
/// business-hours arithmetic that uses it is a pure function of its inputs and needs no Foundation call per step.
public struct ZoneOffsets: Sendable, Equatable {
    public let identifier: String
    /// UTC instants at which the offset changes, ascending.
    let transitions: [Int64]
    /// `offsets[i]` holds before `transitions[i]` (and after the one before); the last holds after the last change.
    let offsets: [Int64]

    /// A zone from its changes; `initialOffset` holds before the first. Used by tests to state a zone exactly.
    public init(identifier: String, initialOffset: Int64, changes: [(at: Int64, offset: Int64)]) {
        self.identifier = identifier
        let sorted = changes.sorted { $0.at < $1.at }
        self.transitions = sorted.map(\.at)
        self.offsets = [initialOffset] + sorted.map(\.offset)
    }

    public static let utc = ZoneOffsets(identifier: "UTC", initialOffset: 0, changes: [])

    /// The seconds east of UTC at `instant`.
    public func offset(at instant: Int64) -> Int64 {
        var low = 0
        var high = self.transitions.count
        while low < high {
            let middle = (low + high) / 2
            if self.transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return self.offsets[low]
    }

    /// The UTC instant a wall-clock reading (seconds since 1970 of local time) means. A reading in a spring-forward
    /// gap does not exist: it is taken on the clock from before the change (2:30 becomes 3:30 daylight time). A
    /// reading in a repeated hour means its first occurrence.
    public func instant(atLocal local: Int64) -> Int64 {
        // The offsets a day either side: a reading near a change is read on one clock or the other (zones never
        // change twice within two days).
        let before = self.offset(at: local - 86_400)
        let after = self.offset(at: local + 86_400)
        let onBefore = local - before
        let onAfter = local - after
        switch (onBefore + self.offset(at: onBefore) == local, onAfter + self.offset(at: onAfter) == local) {
        case (true, true): return min(onBefore, onAfter)
        case (true, false): return onBefore
        case (false, true): return onAfter
        case (false, false): return onBefore
        }
    }

    /// The local wall-clock reading (seconds since 1970 of local time) at `instant`.
    public func local(at instant: Int64) -> Int64 {
        instant + self.offset(at: instant)
    }

    /// Whether the system knows `identifier` as an IANA time zone (`Europe/Berlin`, also older names such as
    /// `Asia/Calcutta`), or is `UTC`. Abbreviations and offsets (`EST`, `GMT+2`) are not zones a team works in.
    public static func isKnown(_ identifier: String) -> Bool {
        if identifier == "UTC" { return true }
        guard identifier.contains("/"), identifier.utf8.count <= 64, let zone = TimeZone(identifier: identifier) else { return false }
        return zone.identifier == identifier
    }
    private static let loaded = Mutex<[String: ZoneOffsets]>([:])

    /// The zone named `identifier` with its changes from 1970 to 2200 (later instants keep the last offset); nil
    /// for a name the system does not know. Loaded zones are kept: a deployment uses a handful.
    public static func named(_ identifier: String) -> ZoneOffsets? {
        if identifier == "UTC" { return .utc }
        if let zone = self.loaded.withLock({ $0[identifier] }) { return zone }
        guard Self.isKnown(identifier), let zone = TimeZone(identifier: identifier) else { return nil }
        var changes: [(at: Int64, offset: Int64)] = []
        var cursor = Date(timeIntervalSince1970: 0)
        let end = Date(timeIntervalSince1970: 7_258_118_400)  // 2200-01-01
        let initial = Int64(zone.secondsFromGMT(for: cursor))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            changes.append((Int64(next.timeIntervalSince1970), Int64(zone.secondsFromGMT(for: next))))
            cursor = next
        }
        let offsets = ZoneOffsets(identifier: identifier, initialOffset: initial, changes: changes)
        self.loaded.withLock { $0[identifier] = offsets }
        return offsets
    }
}
