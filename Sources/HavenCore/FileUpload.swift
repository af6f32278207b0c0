/// A file someone hands Haven (an API client's `attachments[]`, a mail's attachment) before it is stored: a safe
/// name, a plausible media type, the bytes.
public struct FileUpload: Sendable, Equatable {
    public let name: String
    public let contentType: String
    public let data: [UInt8]

    /// The name is made safe (`safeName`) and the type checked (`type/subtype`, else `application/octet-stream`).
    public init(name: String, contentType: String?, data: [UInt8]) {
        self.name = Self.safeName(name)
        self.contentType = Self.mediaType(contentType)
        self.data = data
    }

    /// Files per ticket, reply or note (Freshdesk's limit is on their total size; a count bounds the work too).
    public static let maxPerChange = 20

    /// A file name with no path, no controls and no characters that break a `Content-Disposition` header.
    public static func safeName(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        let kept = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }.map(Character.init))
        let trimmed = String(kept.prefix(200)).trimmingWhitespace()
        return trimmed.isEmpty || trimmed == "." || trimmed == ".." ? "attachment" : trimmed
    }

    /// `type/subtype` lower-cased without parameters, or `application/octet-stream` for anything else.
    static func mediaType(_ text: String?) -> String {
        let value = (text ?? "").split(separator: ";").first.map { String($0).trimmingWhitespace().lowercased() } ?? ""
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { part in
            !part.isEmpty && part.count <= 100
                && part.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0))
                }
        }
        return parts.count == 2 && token(parts[0]) && token(parts[1]) ? value : "application/octet-stream"
    }
}
