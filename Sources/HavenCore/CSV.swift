/// CSV as exports write it (RFC 4180 quoting). A cell a spreadsheet would run as a formula (=, +, -, @ first, or a
/// tab or carriage return) gets an apostrophe first: an exported file must not execute anything when opened.
public enum CSV {
    public static func line(_ fields: [String]) -> String {
        fields.map { field -> String in
            var value = field
            if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacing("\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
