/// Business-hours arithmetic: when a target of N working seconds started at an instant falls due, and how many
/// working seconds lie between two instants. A pure function of the zone table, the week and the holidays — no
/// clock, no storage — so the SLA due dates can be tested exactly across weekends, holidays and DST changes.
///
/// Time is counted as it passes: a slot the clocks change in (a spring-forward night shift) is an hour shorter in
/// real seconds, and a target elapses in real seconds of working time.
public struct BusinessCalendar: Sendable {
    public let zone: ZoneOffsets
    public let week: WorkWeek
    /// Yearly holidays as `month * 100 + day`.
    private let yearly: Set<Int64>
    /// Single-date holidays as days since 1970-01-01.
    private let dated: Set<Int64>

    /// How far ahead a due date is looked for: beyond it (a week without working slots, which validation refuses)
    /// the target counts in calendar time instead of looping for ever.
    static let horizonDays: Int64 = 3_660

    public init(zone: ZoneOffsets, week: WorkWeek, holidays: [Holiday] = []) {
        self.zone = zone
        self.week = week
        self.yearly = Set(holidays.filter { $0.year == nil }.map { $0.month * 100 + $0.day })
        self.dated = Set(holidays.compactMap { h in h.year.map { CivilDate.toDays(year: $0, month: h.month, day: h.day) } })
    }

    /// The instant `seconds` of working time after `start` (at a slot's end exactly when it is used up there).
    public func adding(_ seconds: Int64, to start: Timestamp) -> Timestamp {
        guard seconds > 0 else { return start }
        var remaining = seconds
        var cursor = start.secondsSince1970
        let firstDay = Self.day(of: self.zone.local(at: cursor))
        for day in firstDay...(firstDay + Self.horizonDays) where !self.isHoliday(day) {
            for slot in self.week.days[Self.weekday(day)] {
                let (open, close) = self.bounds(of: slot, on: day)
                let from = max(cursor, open)
                guard from < close else { continue }
                if remaining <= close - from { return Timestamp(secondsSince1970: from + remaining) }
                remaining -= close - from
                cursor = close
            }
        }
        return Timestamp(secondsSince1970: cursor + remaining)
    }

    /// The working seconds in `[from, to)`; 0 when `to` is not after `from`.
    public func workingSeconds(from: Timestamp, to: Timestamp) -> Int64 {
        let start = from.secondsSince1970
        let end = to.secondsSince1970
        guard end > start else { return 0 }
        var total: Int64 = 0
        let firstDay = Self.day(of: self.zone.local(at: start))
        let lastDay = Self.day(of: self.zone.local(at: end))
        for day in firstDay...lastDay where !self.isHoliday(day) {
            for slot in self.week.days[Self.weekday(day)] {
                let (open, close) = self.bounds(of: slot, on: day)
                total += max(0, min(close, end) - max(open, start))
            }
        }
        return total
    }

    public func isHoliday(_ day: Int64) -> Bool {
        if self.dated.contains(day) { return true }
        guard !self.yearly.isEmpty else { return false }
        let date = CivilDate.fromDays(day)
        return self.yearly.contains(date.month * 100 + date.day)
    }

    /// A slot's opening and closing instants on a local day.
    private func bounds(of slot: WorkingSlot, on day: Int64) -> (Int64, Int64) {
        let midnight = day * 86_400
        return (self.zone.instant(atLocal: midnight + slot.start * 60), self.zone.instant(atLocal: midnight + slot.end * 60))
    }

    /// Days since 1970-01-01 of a local reading.
    static func day(of local: Int64) -> Int64 {
        local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    /// 0 for Sunday … 6 for Saturday (1970-01-01 was a Thursday).
    static func weekday(_ day: Int64) -> Int {
        Int(((day % 7) + 7 + 4) % 7)
    }
}
