/// Content-Transfer-Encoding (RFC 2045 §6) undone: base64 and quoted-printable, lenient the way mail readers are —
/// characters outside the alphabet are skipped, a broken `=` escape is kept as written — because mail in the wild
/// breaks both, and losing a customer's words is worse than showing a stray `=`.
public enum TransferEncoding {
    public static func decode(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased().trimmingASCIIWhitespace() {
        case "base64": return Self.base64(bytes)
        case "quoted-printable": return Self.quotedPrintable(bytes, underscoreIsSpace: false)
        default: return Array(bytes)
        }
    }

    public static func base64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 4 * 3)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="): return output  // padding ends the data
            default: continue
            }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    /// Quoted-printable; `underscoreIsSpace` for RFC 2047's "Q" encoding.
    public static func quotedPrintable(_ bytes: some Collection<UInt8>, underscoreIsSpace: Bool) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == UInt8(ascii: "=") {
                // Soft line break: "=" then optional trailing blanks, then CRLF or LF.
                var j = i + 1
                while j < input.count, input[j] == UInt8(ascii: " ") || input[j] == UInt8(ascii: "\t") { j += 1 }
                if j < input.count, input[j] == UInt8(ascii: "\r") { j += 1 }
                if j < input.count, input[j] == UInt8(ascii: "\n") {
                    i = j + 1
                    continue
                }
                if j == input.count {
                    i = j
                    continue
                }
                if i + 2 < input.count, let high = Self.hexValue(input[i + 1]), let low = Self.hexValue(input[i + 2]) {
                    output.append(high << 4 | low)
                    i += 3
                    continue
                }
                output.append(byte)
            } else if underscoreIsSpace && byte == UInt8(ascii: "_") {
                output.append(UInt8(ascii: " "))
            } else {
                output.append(byte)
            }
            i += 1
        }
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "\r" || first == "\n" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\r" || last == "\n" { view.removeLast() }
        return String(view)
    }
}
