/// `Content-Disposition: attachment` for a download (RFC 6266): a plain-ASCII `filename` every client understands and,
/// when the name has other characters, the exact name as RFC 8187 `filename*`. Quotes, backslashes, controls and
/// path separators never reach the header, whatever a sender named the file.
public enum ContentDisposition {
    public static func attachment(filename: String) -> String {
        var ascii = ""
        var exact = ""
        var needsExact = false
        for scalar in filename.unicodeScalars {
            let safe = scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\" && scalar != "/"
            ascii.unicodeScalars.append(safe ? scalar : "_")
            if !safe && scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "/" && scalar != "\\" { needsExact = true }
        }
        if ascii.isEmpty { ascii = "download" }
        guard needsExact else { return "attachment; filename=\"\(ascii)\"" }
        for byte in filename.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                exact.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                exact.unicodeScalars.append("%")
                exact.unicodeScalars.append(digits[Int(byte >> 4)])
                exact.unicodeScalars.append(digits[Int(byte & 0x0F)])
            }
        }
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(exact)"
    }
}
