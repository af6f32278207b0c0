public enum BusinessHoursKind {}
/// A set of working hours (Freshdesk's `business_hours`): the calendar SLA targets in business hours count in.
public typealias BusinessHoursID = Identifier<BusinessHoursKind>

/// Working hours of a team: a time zone, the working slots of each weekday and the holidays. Groups point at one
/// (`Group.businessHourID`); a ticket without one uses the tenant's default.
public struct BusinessHours: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: BusinessHoursID
    public var name: String
    public var description: String?
    public var isDefault = false
    /// An IANA time zone name (`ZoneOffsets.isKnown`).
    public var timeZone: String
    public var week: WorkWeek
    public var holidays: [Holiday] = []
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: BusinessHoursID, name: String, timeZone: String, week: WorkWeek, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.week = week
        self.createdAt = now
        self.updatedAt = now
    }

    /// The calculator for these hours; nil when the time zone is no longer known to the system.
    public var calendar: BusinessCalendar? {
        ZoneOffsets.named(self.timeZone).map { BusinessCalendar(zone: $0, week: self.week, holidays: self.holidays) }
    }
}

/// A working period within a day, in minutes after local midnight; `end` is exclusive and may be 1440 (midnight).
public struct WorkingSlot: Sendable, Equatable {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }
}

/// The working slots of each weekday, Sunday first (index 0), each day's slots ascending and apart.
public struct WorkWeek: Sendable, Equatable {
    public static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    public var days: [[WorkingSlot]]

    public init(days: [[WorkingSlot]]) {
        precondition(days.count == 7, "a week has seven days")
        self.days = days
    }

    /// The same slots on Monday to Friday, nothing at the weekend.
    public static func weekdays(_ slots: [WorkingSlot]) -> WorkWeek {
        WorkWeek(days: [[]] + Array(repeating: slots, count: 5) + [[]])
    }

    public var isEmpty: Bool { self.days.allSatisfy(\.isEmpty) }
}

/// A day off: every year on a month and day (`year` nil), or once on a date.
public struct Holiday: Sendable, Equatable {
    public var name: String
    public var month: Int64
    public var day: Int64
    public var year: Int64?

    public init(name: String, month: Int64, day: Int64, year: Int64? = nil) {
        self.name = name
        self.month = month
        self.day = day
        self.year = year
    }

    /// `MM-DD` for a yearly holiday, `YYYY-MM-DD` for a single date.
    public var dateText: String {
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let monthDay = pad(self.month, 2) + "-" + pad(self.day, 2)
        return self.year.map { pad($0, 4) + "-" + monthDay } ?? monthDay
    }

    /// Parses `MM-DD` (yearly; 02-29 allowed, taken in leap years only) or `YYYY-MM-DD` (1970–2199); nil when the
    /// text is not a real date of that shape.
    public static func parseDate(_ text: String) -> (month: Int64, day: Int64, year: Int64?)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let year: Int64?
        let monthDay: ArraySlice<Substring>
        switch parts.count {
        case 2: (year, monthDay) = (nil, parts[...])
        case 3:
            guard parts[0].count == 4, let y = Int64(parts[0]), (1970...2199).contains(y) else { return nil }
            (year, monthDay) = (y, parts[1...])
        default: return nil
        }
        guard monthDay.allSatisfy({ $0.count == 2 }), let month = Int64(monthDay.first!), let day = Int64(monthDay.last!),
            (1...12).contains(month), (1...CivilDate.daysInMonth(year: year ?? 2000, month: month)).contains(day)
        else { return nil }
        return (month, day, year)
    }
}

/// Times of day as Freshdesk writes them (`8:00 am`, `5:30 pm`), also read in 24-hour form (`08:00`, `17:30`).
/// `11:59 pm` as an end means the end of the day, as in Freshdesk (its "24 hours" is 12:00 am to 11:59 pm).
public enum ClockTime {
    /// Minutes after midnight; nil when not a time of day.
    public static func parse(_ text: String, isEnd: Bool) -> Int64? {
        let lowered = text.lowercased().trimmingWhitespace()
        var body = Substring(lowered)
        var meridiem: String?
        for suffix in ["am", "pm"] where lowered.hasSuffix(suffix) {
            meridiem = suffix
            body = body.dropLast(2)
        }
        let parts = String(body).trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } }), var hour = Int64(parts[0]), let minute = Int64(parts[1]),
            minute < 60
        else { return nil }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = (hour % 12) + (meridiem == "pm" ? 12 : 0)
        } else if hour == 24 && minute == 0 && isEnd {
            return 1440
        } else if hour > 23 {
            return nil
        }
        let minutes = hour * 60 + minute
        if isEnd && minutes == 23 * 60 + 59 { return 1440 }
        return minutes
    }

    /// `8:00 am`; the end of the day is `11:59 pm`, as Freshdesk shows it.
    public static func format(_ minutes: Int64) -> String {
        let clamped = minutes >= 1440 ? 1439 : max(0, minutes)
        let hour = clamped / 60
        let minute = clamped % 60
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        return "\(twelve):\(minute < 10 ? "0" : "")\(minute) \(hour < 12 ? "am" : "pm")"
    }
}
