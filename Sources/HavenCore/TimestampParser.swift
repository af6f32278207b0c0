/// Parses the date inputs Freshdesk accepts: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `…THH:MM:SS`, each optionally
/// followed by `Z`, `±hh`, `±hh:mm` or `±hhmm`. No zone means UTC. Anything else is rejected, never guessed.
public enum TimestampParser {
    public static func parse(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        var index = 0

        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<width {
                let byte = bytes[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += width
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }

        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2) else {
            return nil
        }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else {
            return nil
        }
        var seconds = CivilDate.toDays(year: year, month: month, day: day) * 86_400
        if index == bytes.count {
            return Timestamp(secondsSince1970: seconds)
        }
        guard expect(0x54) || expect(0x20), let hour = number(2), expect(0x3A), let minute = number(2) else {
            return nil
        }
        guard hour < 24, minute < 60 else { return nil }
        seconds += hour * 3600 + minute * 60
        if expect(0x3A) {
            guard let second = number(2), second < 60 else { return nil }
            seconds += second
        }
        if index == bytes.count || (expect(0x5A) && index == bytes.count) {
            return index == bytes.count ? Timestamp(secondsSince1970: seconds) : nil
        }
        guard index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D else { return nil }
        let sign: Int64 = bytes[index] == 0x2B ? 1 : -1
        index += 1
        guard let offsetHours = number(2), offsetHours < 24 else { return nil }
        var offsetMinutes: Int64 = 0
        if index < bytes.count {
            _ = expect(0x3A)
            guard let minutes = number(2), minutes < 60 else { return nil }
            offsetMinutes = minutes
        }
        guard index == bytes.count else { return nil }
        return Timestamp(secondsSince1970: seconds - sign * (offsetHours * 3600 + offsetMinutes * 60))
    }

    /// A strict `YYYY-MM-DD` day, as the search language writes dates.
    public static func parseDay(_ text: String) -> Timestamp? {
        guard text.utf8.count == 10 else { return nil }
        return self.parse(text)
    }
}
