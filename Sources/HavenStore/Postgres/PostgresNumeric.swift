import HavenCore
import NIOCore

/// PostgreSQL's binary `numeric` (base-10000 digits with a weight, a sign and a display scale), read as Haven's
/// values: an integer when it is whole and fits in 64 bits, otherwise a double. Aggregates of integer columns
/// (`sum`, `avg`) answer this type where SQLite answers an integer.
enum PostgresNumeric {
    /// nil when the bytes are not a numeric (or NaN, which Haven never stores).
    static func read(_ buffer: inout ByteBuffer) -> DBValue? {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
            let sign = buffer.readInteger(as: UInt16.self), buffer.readInteger(as: Int16.self) != nil, count >= 0,
            sign == 0x0000 || sign == 0x4000
        else { return nil }
        var digits: [Int64] = []
        for _ in 0..<count {
            guard let digit = buffer.readInteger(as: Int16.self) else { return nil }
            digits.append(Int64(digit))
        }
        let negative = sign == 0x4000
        // Digit i is worth 10000^(weight - i): whole when every digit with a negative power is zero.
        let whole = digits.enumerated().allSatisfy { Int(weight) - $0.offset >= 0 || $0.element == 0 }
        if whole, Int(weight) < 5 {
            var value: Int64 = 0
            for power in stride(from: Int(weight), through: 0, by: -1) {
                let index = Int(weight) - power
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 10_000)
                let (sum, carried) = shifted.addingReportingOverflow(index < digits.count ? digits[index] : 0)
                guard !overflow, !carried else { return Self.double(digits, weight, negative) }
                value = sum
            }
            return .int(negative ? -value : value)
        }
        return Self.double(digits, weight, negative)
    }

    private static func double(_ digits: [Int64], _ weight: Int16, _ negative: Bool) -> DBValue {
        var value = 0.0
        for (index, digit) in digits.enumerated() {
            var scale = 1.0
            let power = Int(weight) - index
            for _ in 0..<abs(power) { scale *= 10_000 }
            value += power >= 0 ? Double(digit) * scale : Double(digit) / scale
        }
        return .real(negative ? -value : value)
    }
}
