/// A UTC instant with one-second resolution: the resolution of Freshdesk's wire format and of our columns.
public struct Timestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(secondsSince1970: self.secondsSince1970 + seconds)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the only timestamp shape Freshdesk clients accept everywhere (no fraction, no offset).
    public var description: String { self.iso8601 }

    public var iso8601: String {
        let days = Self.floorDiv(self.secondsSince1970, 86_400)
        let secondsOfDay = self.secondsSince1970 - days * 86_400
        let (year, month, day) = CivilDate.fromDays(days)
        guard (0...9999).contains(year) else { return Self.wideYear(year, month, day, secondsOfDay) }
        // Twenty ASCII bytes written in place: this runs for every timestamp of every record the API shows.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(truncatingIfNeeded: value % 10) + 0x30
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(secondsOfDay / 3600, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put((secondsOfDay % 3600) / 60, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(secondsOfDay % 60, 2, at: 17)
            buffer[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// Years outside 0–9999 (never written by Haven, but a timestamp may hold one).
    private static func wideYear(_ year: Int64, _ month: Int64, _ day: Int64, _ secondsOfDay: Int64) -> String {
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value.magnitude)
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):"
            + "\(pad((secondsOfDay % 3600) / 60, 2)):\(pad(secondsOfDay % 60, 2))Z"
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}

/// Conversions between a proleptic Gregorian date and days since 1970-01-01 (Howard Hinnant's algorithms),
/// so timestamps are formatted and parsed without Foundation formatters or the process time zone.
public enum CivilDate {
    /// A `YYYY-MM-DD` date as the last second of that day (UTC): access or a key "until the 31st" includes the 31st.
    /// Nil when the text is not a real date.
    public static func endOfDay(_ text: String) -> Timestamp? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
            (1...12).contains(month), (1...self.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return Timestamp(secondsSince1970: self.toDays(year: year, month: month, day: day) * 86_400 + 86_399)
    }

    public static func fromDays(_ z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public static func toDays(year y0: Int64, month m: Int64, day d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        default:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        }
    }
}
