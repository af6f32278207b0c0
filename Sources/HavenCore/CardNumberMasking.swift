/// Finds payment card numbers in text and masks all but their last four digits (`4111 1111 1111 1111` becomes
/// `**** **** **** 1111`), before anything is stored: PCI DSS wants a primary account number unreadable wherever it
/// is kept, and customers do paste their card into a ticket.
///
/// A number is masked when it has 13 to 19 digits, passes the Luhn check, stands apart (no letter or digit touching
/// it), and is written as cards are: all in one, in fours (the last group 1–4 digits), or as American Express and
/// Diners write theirs (4-6-5, 4-6-4). The groups may be separated by one space, one dash, or a no-break space
/// (`&nbsp;` in HTML). So dates, phone numbers, ticket ids and order numbers stay as they are; a Luhn-valid number
/// grouped like a card is masked even when it is not one (the safe mistake). Pure; one pass over the bytes when there
/// are fewer than 13 digits, as in nearly every text.
public enum CardNumberMasking {
    /// The text with every card number masked, and how many there were.
    public static func mask(_ text: String) -> (text: String, count: Int) {
        var digits = 0
        for byte in text.utf8 where byte &- 0x30 < 10 {
            digits += 1
            if digits >= 13 { break }
        }
        guard digits >= 13 else { return (text, 0) }
        var bytes = Array(text.utf8)
        var count = 0
        var index = 0
        while index < bytes.count {
            guard Self.isDigit(bytes[index]), index == 0 || !Self.isAlphanumeric(bytes[index - 1]) else {
                index += 1
                continue
            }
            let run = Self.run(bytes, from: index)
            if let (start, end) = Self.card(in: run, bytes) {
                Self.maskDigits(&bytes, from: start, to: end)
                count += 1
            }
            index = run.end
        }
        return count == 0 ? (text, 0) : (String(decoding: bytes, as: UTF8.self), count)
    }

    /// Digits and single separators from `start`: the groups (first and one-past-last byte of each) and where the
    /// run ends.
    struct Run {
        var groups: [(start: Int, end: Int)] = []
        var end: Int
    }

    static func run(_ bytes: [UInt8], from start: Int) -> Run {
        var run = Run(end: start)
        var index = start
        while true {
            let groupStart = index
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            run.groups.append((groupStart, index))
            run.end = index
            // A separator counts only between two digits.
            guard let width = Self.separatorWidth(bytes, at: index), index + width < bytes.count, Self.isDigit(bytes[index + width])
            else { break }
            index += width
        }
        return run
    }

    /// The first and one-past-last byte of the first card number in the run: the whole run if it is one, else the
    /// first stretch of whole groups that is.
    static func card(in run: Run, _ bytes: [UInt8]) -> (Int, Int)? {
        let groups = run.groups
        // The run itself starts apart (the caller saw to it); a stretch may also start at a later group.
        for first in groups.indices {
            var digits = 0
            for last in first..<groups.count {
                digits += groups[last].end - groups[last].start
                if digits > 19 { break }
                guard digits >= 13 else { continue }
                let end = groups[last].end
                // Nothing alphanumeric may touch its end either (the run's own next group is a separate number).
                if last == groups.count - 1, end < bytes.count, Self.isAlphanumeric(bytes[end]) { continue }
                let lengths = groups[first...last].map { $0.end - $0.start }
                guard Self.isCardGrouping(lengths) else { continue }
                if Self.luhn(bytes, groups[first...last]) { return (groups[first].start, end) }
            }
        }
        return nil
    }

    /// All in one; in fours with a shorter last group; or 4-6-5 / 4-6-4.
    static func isCardGrouping(_ lengths: [Int]) -> Bool {
        if lengths.count == 1 { return true }
        if lengths == [4, 6, 5] || lengths == [4, 6, 4] { return true }
        guard lengths.count >= 4, let last = lengths.last, (1...4).contains(last) else { return false }
        return lengths.dropLast().allSatisfy { $0 == 4 }
    }

    static func luhn(_ bytes: [UInt8], _ groups: ArraySlice<(start: Int, end: Int)>) -> Bool {
        var sum = 0
        var double = false
        for group in groups.reversed() {
            for index in stride(from: group.end - 1, through: group.start, by: -1) {
                var digit = Int(bytes[index] - 0x30)
                if double {
                    digit *= 2
                    if digit > 9 { digit -= 9 }
                }
                sum += digit
                double.toggle()
            }
        }
        return sum % 10 == 0
    }

    /// Every digit but the last four becomes `*`; separators stay.
    static func maskDigits(_ bytes: inout [UInt8], from start: Int, to end: Int) {
        var keep = 4
        var index = end - 1
        while index >= start {
            if Self.isDigit(bytes[index]) {
                if keep > 0 { keep -= 1 } else { bytes[index] = UInt8(ascii: "*") }
            }
            index -= 1
        }
    }

    /// A space, a dash, a no-break space (U+00A0) or its HTML entity.
    static func separatorWidth(_ bytes: [UInt8], at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: " "), UInt8(ascii: "-"): return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: return 2
        case UInt8(ascii: "&"):
            for entity in Self.noBreakEntities where bytes[index...].starts(with: entity) { return entity.count }
            return nil
        default: return nil
        }
    }

    static let noBreakEntities: [[UInt8]] = [Array("&nbsp;".utf8), Array("&#160;".utf8), Array("&#xa0;".utf8), Array("&#xA0;".utf8)]

    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        Self.isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 26
    }
}
