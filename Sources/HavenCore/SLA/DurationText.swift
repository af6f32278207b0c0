/// Durations as people type and read them in the console: `1d 4h 30m` (also `90m`, `2 hours`, `15 min`). The API
/// takes seconds, as Freshdesk's does.
public enum DurationText {
    /// `1d 4h 30m`, the zero parts left out; under a minute shows as seconds.
    public static func format(_ seconds: Int64) -> String {
        guard seconds >= 60 else { return "\(seconds)s" }
        let parts = [(seconds / 86_400, "d"), (seconds % 86_400 / 3600, "h"), (seconds % 3600 / 60, "m")]
        return parts.filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined(separator: " ")
    }

    /// The seconds a text names; nil when it is not one or more number-and-unit pairs (units: d, h, m and their
    /// spelled-out forms).
    public static func parse(_ text: String) -> Int64? {
        let units: [String: Int64] = [
            "d": 86_400, "day": 86_400, "days": 86_400, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "m": 60,
            "min": 60, "mins": 60, "minute": 60, "minutes": 60,
        ]
        var total: Int64 = 0
        var number: Int64?
        var unit = ""
        var pairs = 0
        func close() -> Bool {
            guard let value = number, let factor = units[unit] else { return number == nil && unit.isEmpty }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            guard !overflow, product <= 100 * 31_536_000 else { return false }
            total += product
            pairs += 1
            (number, unit) = (nil, "")
            return true
        }
        for character in text.lowercased() {
            if let digit = character.wholeNumberValue, character.isASCII {
                if !unit.isEmpty { guard close() else { return nil } }
                guard (number ?? 0) < 1_000_000_000 else { return nil }
                number = (number ?? 0) * 10 + Int64(digit)
            } else if character.isLetter {
                guard number != nil else { return nil }
                unit.append(character)
            } else if character == " " || character == "," {
                if !unit.isEmpty { guard close() else { return nil } }
            } else {
                return nil
            }
        }
        guard close(), pairs > 0 else { return nil }
        return total
    }
}
